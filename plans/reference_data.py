"""Reference lists loaded by the plans data migration: Morocco's SNIA (2014) strategic
objectives and 11 programmes, the 17 SDG goals, the SDG targets used for migration
governance, and a suggested SNIA-programme-to-target alignment.

The Arabic names of the SNIA objectives and programmes are an unofficial translation (no
official Arabic names were found). The SDG goal short titles are the official UN ones in each
language; targets have no official short title, so target labels are short paraphrases and
target texts paraphrase the official wording (A/RES/70/1).

Status marks follow the checked reference file (snia-sdg.md): ``confirmed=True`` means the
programme's name and number were read in a named source; ``confirmed=False`` means at least
part of it ([memory]) is recalled and must be checked against the SNIA document.
"""

SNIA_OBJECTIVES = [
    {
        "code": "OS1",
        "name_fr": "Gérer les flux migratoires dans le respect des droits de l’Homme",
        "name_en": "Manage migration flows with respect for human rights",
        "name_ar": "تدبير تدفقات الهجرة في إطار احترام حقوق الإنسان",
    },
    {
        "code": "OS2",
        "name_fr": "Mettre en place un cadre institutionnel adapté",
        "name_en": "Establish an appropriate institutional framework",
        "name_ar": "وضع إطار مؤسساتي ملائم",
    },
    {
        "code": "OS3",
        "name_fr": "Faciliter l’intégration des immigrés réguliers",
        "name_en": "Facilitate the integration of regular immigrants",
        "name_ar": "تيسير إدماج المهاجرين في وضعية نظامية",
    },
    {
        "code": "OS4",
        "name_fr": "Mettre à niveau le cadre réglementaire",
        "name_en": "Upgrade the regulatory framework",
        "name_ar": "تأهيل الإطار التنظيمي",
    },
]

SNIA_PROGRAMMES = [
    {
        "code": "P01",
        "number": 1,
        "kind": "sectoral",
        "name_fr": "Éducation et culture",
        "name_ar": "التربية والثقافة",
        "name_en": "Education and culture",
        "confirmed": True,
        "note_en": "Name and number confirmed; 3 specific objectives (OSP1-OSP3), 12 actions",
    },
    {
        "code": "P02",
        "number": 2,
        "kind": "sectoral",
        "name_fr": "Jeunesse et loisirs",
        "name_ar": "الشباب والترفيه",
        "name_en": "Youth and leisure",
        "confirmed": True,
        "note_en": "Name and number confirmed; 1 specific objective (OSP4), actions 2.1-2.3",
    },
    {
        "code": "P03",
        "number": 3,
        "kind": "sectoral",
        "name_fr": "Santé",
        "name_ar": "الصحة",
        "name_en": "Health",
        "confirmed": True,
        "note_en": "Name and number confirmed; 2 specific objectives",
    },
    {
        "code": "P04",
        "number": 4,
        "kind": "sectoral",
        "name_fr": "Logement",
        "name_ar": "السكن",
        "name_en": "Housing",
        "confirmed": False,
        "note_en": "Name confirmed (2017 report); number from memory",
    },
    {
        "code": "P05",
        "number": 5,
        "kind": "sectoral",
        "name_fr": "Assistance sociale et humanitaire",
        "name_ar": "المساعدة الاجتماعية والإنسانية",
        "name_en": "Social and humanitarian assistance",
        "confirmed": False,
        "note_en": "Name confirmed (2017 report); number from memory",
    },
    {
        "code": "P06",
        "number": 6,
        "kind": "sectoral",
        "name_fr": "Formation professionnelle",
        "name_ar": "التكوين المهني",
        "name_en": "Vocational training",
        "confirmed": False,
        "note_en": "Name and number from memory; press cites access to vocational training",
    },
    {
        "code": "P07",
        "number": 7,
        "kind": "sectoral",
        "name_fr": "Emploi",
        "name_ar": "التشغيل",
        "name_en": "Employment",
        "confirmed": False,
        "note_en": "Name and number from memory",
    },
    {
        "code": "P08",
        "number": 8,
        "kind": "cross_cutting",
        "name_fr": "Gestion des flux et lutte contre la traite des êtres humains",
        "name_ar": "تدبير تدفقات الهجرة ومحاربة الاتجار بالبشر",
        "name_en": "Management of flows and fight against trafficking in human beings",
        "confirmed": False,
        "note_en": "Number confirmed (EU document cites SNIA action 8.1); wording from memory",
    },
    {
        "code": "P09",
        "number": 9,
        "kind": "cross_cutting",
        "name_fr": "Coopération et partenariats internationaux",
        "name_ar": "التعاون والشراكات الدولية",
        "name_en": "International cooperation and partnerships",
        "confirmed": False,
        "note_en": "Name and number from memory",
    },
    {
        "code": "P10",
        "number": 10,
        "kind": "cross_cutting",
        "name_fr": "Cadre réglementaire et conventionnel",
        "name_ar": "الإطار التنظيمي والاتفاقي",
        "name_en": "Regulatory and treaty framework",
        "confirmed": False,
        "note_en": "Name and number from memory",
    },
    {
        "code": "P11",
        "number": 11,
        "kind": "cross_cutting",
        "name_fr": "Gouvernance et communication",
        "name_ar": "الحكامة والتواصل",
        "name_en": "Governance and communication",
        "confirmed": False,
        "note_en": "Name and number from memory; press confirms a communication strategy",
    },
]

SDG_GOALS = [
    {
        "number": 1,
        "name_fr": "Pas de pauvreté",
        "name_ar": "القضاء على الفقر",
        "name_en": "No poverty",
    },
    {
        "number": 2,
        "name_fr": "Faim « zéro »",
        "name_ar": "القضاء التام على الجوع",
        "name_en": "Zero hunger",
    },
    {
        "number": 3,
        "name_fr": "Bonne santé et bien-être",
        "name_ar": "الصحة الجيدة والرفاه",
        "name_en": "Good health and well-being",
    },
    {
        "number": 4,
        "name_fr": "Éducation de qualité",
        "name_ar": "التعليم الجيد",
        "name_en": "Quality education",
    },
    {
        "number": 5,
        "name_fr": "Égalité entre les sexes",
        "name_ar": "المساواة بين الجنسين",
        "name_en": "Gender equality",
    },
    {
        "number": 6,
        "name_fr": "Eau propre et assainissement",
        "name_ar": "المياه النظيفة والنظافة الصحية",
        "name_en": "Clean water and sanitation",
    },
    {
        "number": 7,
        "name_fr": "Énergie propre et d’un coût abordable",
        "name_ar": "طاقة نظيفة وبأسعار معقولة",
        "name_en": "Affordable and clean energy",
    },
    {
        "number": 8,
        "name_fr": "Travail décent et croissance économique",
        "name_ar": "العمل اللائق ونمو الاقتصاد",
        "name_en": "Decent work and economic growth",
    },
    {
        "number": 9,
        "name_fr": "Industrie, innovation et infrastructure",
        "name_ar": "الصناعة والابتكار والهياكل الأساسية",
        "name_en": "Industry, innovation and infrastructure",
    },
    {
        "number": 10,
        "name_fr": "Inégalités réduites",
        "name_ar": "الحد من أوجه عدم المساواة",
        "name_en": "Reduced inequalities",
    },
    {
        "number": 11,
        "name_fr": "Villes et communautés durables",
        "name_ar": "مدن ومجتمعات محلية مستدامة",
        "name_en": "Sustainable cities and communities",
    },
    {
        "number": 12,
        "name_fr": "Consommation et production responsables",
        "name_ar": "الاستهلاك والإنتاج المسؤولان",
        "name_en": "Responsible consumption and production",
    },
    {
        "number": 13,
        "name_fr": "Mesures relatives à la lutte contre les changements climatiques",
        "name_ar": "العمل المناخي",
        "name_en": "Climate action",
    },
    {
        "number": 14,
        "name_fr": "Vie aquatique",
        "name_ar": "الحياة تحت الماء",
        "name_en": "Life below water",
    },
    {
        "number": 15,
        "name_fr": "Vie terrestre",
        "name_ar": "الحياة في البر",
        "name_en": "Life on land",
    },
    {
        "number": 16,
        "name_fr": "Paix, justice et institutions efficaces",
        "name_ar": "السلام والعدل والمؤسسات القوية",
        "name_en": "Peace, justice and strong institutions",
    },
    {
        "number": 17,
        "name_fr": "Partenariats pour la réalisation des objectifs",
        "name_ar": "عقد الشراكات لتحقيق الأهداف",
        "name_en": "Partnerships for the goals",
    },
]

# Targets from section 2 of the reference, plus 11.1, 4.4, 8.5, 16.6 and 16.7 used in the
# suggested mapping (their indicators are not in the reference, hence left empty).
# Ordered by goal number, then target code (numbers before letters, as in A/RES/70/1).
SDG_TARGETS = [
    {
        "code": "1.3",
        "goal": 1,
        "label_fr": "Protection sociale",
        "label_ar": "الحماية الاجتماعية",
        "label_en": "Social protection",
        "text_fr": (
            "Mettre en place des systèmes et mesures de protection sociale pour tous, adaptés "
            "au contexte national, y compris des socles de protection sociale, et faire en "
            "sorte que, d’ici à 2030, une part importante des pauvres et des personnes "
            "vulnérables en bénéficient"
        ),
        "text_ar": (
            "استحداث نظم وتدابير حماية اجتماعية ملائمة على الصعيد الوطني للجميع، بما في ذلك "
            "الحدود الدنيا لها، وتحقيق تغطية واسعة للفقراء والضعفاء بحلول عام 2030"
        ),
        "text_en": (
            "Implement nationally appropriate social protection systems and measures for all, "
            "including floors, and by 2030 achieve substantial coverage of the poor and the "
            "vulnerable"
        ),
        "indicators": "1.3.1 population covered by social protection floors/systems",
    },
    {
        "code": "3.8",
        "goal": 3,
        "label_fr": "Couverture sanitaire universelle",
        "label_ar": "التغطية الصحية الشاملة",
        "label_en": "Universal health coverage",
        "text_fr": (
            "Faire en sorte que chacun bénéficie d’une couverture sanitaire universelle, "
            "comprenant une protection contre les risques financiers et l’accès à des services "
            "de santé essentiels de qualité et à des médicaments et vaccins essentiels sûrs, "
            "efficaces, de qualité et d’un coût abordable"
        ),
        "text_ar": (
            "تحقيق التغطية الصحية الشاملة، بما في ذلك الحماية من المخاطر المالية، وإمكانية "
            "الحصول على خدمات الرعاية الصحية الأساسية الجيدة، وحصول الجميع على الأدوية "
            "واللقاحات الأساسية المأمونة والفعالة والجيدة والميسورة التكلفة"
        ),
        "text_en": (
            "Achieve universal health coverage, including financial risk protection, access to "
            "quality essential health-care services and to safe, effective, quality and "
            "affordable essential medicines and vaccines for all"
        ),
        "indicators": "3.8.1 coverage of essential health services",
    },
    {
        "code": "4.1",
        "goal": 4,
        "label_fr": "Scolarité primaire et secondaire",
        "label_ar": "التعليم الابتدائي والثانوي",
        "label_en": "Primary and secondary schooling",
        "text_fr": (
            "D’ici à 2030, faire en sorte que toutes les filles et tous les garçons suivent, sur "
            "un pied d’égalité, un cycle complet d’enseignement primaire et secondaire gratuit "
            "et de qualité, qui débouche sur un apprentissage véritablement utile"
        ),
        "text_ar": (
            "ضمان أن يتمتع جميع البنات والبنين بتعليم ابتدائي وثانوي مجاني ومنصف وجيد يؤدي "
            "إلى تحقيق نتائج تعليمية ملائمة وفعالة، بحلول عام 2030"
        ),
        "text_en": (
            "By 2030, ensure that all girls and boys complete free, equitable and quality "
            "primary and secondary education leading to relevant and effective learning "
            "outcomes"
        ),
        "indicators": "4.1.1 minimum proficiency in reading and mathematics",
    },
    {
        "code": "4.4",
        "goal": 4,
        "label_fr": "Compétences pour l’emploi",
        "label_ar": "المهارات اللازمة للعمل",
        "label_en": "Skills for employment",
        "text_fr": (
            "D’ici à 2030, augmenter considérablement le nombre de jeunes et d’adultes disposant "
            "des compétences, notamment techniques et professionnelles, nécessaires à l’emploi, "
            "à l’obtention d’un travail décent et à l’entrepreneuriat"
        ),
        "text_ar": (
            "الزيادة بنسبة كبيرة في عدد الشباب والكبار الذين تتوافر لديهم المهارات المناسبة، "
            "بما في ذلك المهارات التقنية والمهنية، للعمل وشغل وظائف لائقة ولمباشرة الأعمال "
            "الحرة، بحلول عام 2030"
        ),
        "text_en": (
            "By 2030, substantially increase the number of youth and adults who have relevant "
            "skills, including technical and vocational skills, for employment, decent jobs and "
            "entrepreneurship"
        ),
        "indicators": "",
    },
    {
        "code": "4.b",
        "goal": 4,
        "label_fr": "Bourses d’études",
        "label_ar": "المنح الدراسية",
        "label_en": "Scholarships",
        "text_fr": (
            "D’ici à 2020, augmenter considérablement le nombre de bourses d’études offertes aux "
            "pays en développement, en particulier aux pays les moins avancés, aux petits États "
            "insulaires et aux pays d’Afrique, pour financer des études supérieures"
        ),
        "text_ar": (
            "التوسع الكبير بحلول عام 2020 في عدد المنح الدراسية المتاحة للبلدان النامية، "
            "وبخاصة أقل البلدان نموا والدول الجزرية الصغيرة النامية والبلدان الأفريقية، "
            "للالتحاق بالتعليم العالي"
        ),
        "text_en": (
            "By 2020, substantially expand the number of scholarships available to developing "
            "countries, in particular least developed countries, small island developing States "
            "and African countries, for enrolment in higher education"
        ),
        "indicators": "4.b.1 ODA flows for scholarships",
    },
    {
        "code": "5.2",
        "goal": 5,
        "label_fr": "Violence à l’égard des femmes et des filles",
        "label_ar": "العنف ضد النساء والفتيات",
        "label_en": "Violence against women and girls",
        "text_fr": (
            "Éliminer de la vie publique et de la vie privée toutes les formes de violence faite "
            "aux femmes et aux filles, y compris la traite et l’exploitation sexuelle et "
            "d’autres types d’exploitation"
        ),
        "text_ar": (
            "القضاء على جميع أشكال العنف ضد جميع النساء والفتيات في المجالين العام والخاص، "
            "بما في ذلك الاتجار بالبشر والاستغلال الجنسي وغير ذلك من أنواع الاستغلال"
        ),
        "text_en": (
            "Eliminate all forms of violence against all women and girls in the public and "
            "private spheres, including trafficking and sexual and other types of exploitation"
        ),
        "indicators": "5.2.1; 5.2.2",
    },
    {
        "code": "8.5",
        "goal": 8,
        "label_fr": "Plein emploi et travail décent",
        "label_ar": "العمالة الكاملة والعمل اللائق",
        "label_en": "Full employment and decent work",
        "text_fr": (
            "D’ici à 2030, parvenir au plein emploi productif et garantir à toutes les femmes et "
            "à tous les hommes, y compris les jeunes et les personnes handicapées, un travail "
            "décent et un salaire égal pour un travail de valeur égale"
        ),
        "text_ar": (
            "تحقيق العمالة الكاملة والمنتجة وتوفير العمل اللائق لجميع النساء والرجال، بمن "
            "فيهم الشباب والأشخاص ذوو الإعاقة، وتكافؤ الأجر لقاء العمل المتكافئ القيمة، "
            "بحلول عام 2030"
        ),
        "text_en": (
            "By 2030, achieve full and productive employment and decent work for all women and "
            "men, including young people and persons with disabilities, and equal pay for work "
            "of equal value"
        ),
        "indicators": "",
    },
    {
        "code": "8.7",
        "goal": 8,
        "label_fr": "Travail forcé, traite, travail des enfants",
        "label_ar": "العمل القسري والاتجار بالبشر وعمل الأطفال",
        "label_en": "Forced labour, trafficking, child labour",
        "text_fr": (
            "Prendre des mesures immédiates et efficaces pour supprimer le travail forcé, mettre "
            "fin à l’esclavage moderne et à la traite d’êtres humains, éliminer les pires formes "
            "de travail des enfants, y compris les enfants soldats, et, d’ici à 2025, mettre fin "
            "au travail des enfants"
        ),
        "text_ar": (
            "اتخاذ تدابير فورية وفعالة للقضاء على السخرة وإنهاء الرق المعاصر والاتجار بالبشر، "
            "وحظر أسوأ أشكال عمل الأطفال والقضاء عليها، بما في ذلك تجنيدهم واستخدامهم جنودا، "
            "وإنهاء عمل الأطفال بجميع أشكاله بحلول عام 2025"
        ),
        "text_en": (
            "Take immediate and effective measures to eradicate forced labour, end modern "
            "slavery and human trafficking, eliminate the worst forms of child labour, including "
            "child soldiers, and by 2025 end child labour in all its forms"
        ),
        "indicators": "8.7.1 child labour",
    },
    {
        "code": "8.8",
        "goal": 8,
        "label_fr": "Droits des travailleurs, y compris migrants",
        "label_ar": "حقوق العمال بمن فيهم المهاجرون",
        "label_en": "Labour rights incl. migrants",
        "text_fr": (
            "Défendre les droits des travailleurs, promouvoir la sécurité sur le lieu de travail "
            "et assurer la protection de tous les travailleurs, y compris les migrants, en "
            "particulier les femmes, et ceux qui ont un emploi précaire"
        ),
        "text_ar": (
            "حماية حقوق العمل وتعزيز بيئات عمل سالمة وآمنة لجميع العمال، بمن فيهم العمال "
            "المهاجرون، وبخاصة المهاجرات، والعاملون في وظائف غير مستقرة"
        ),
        "text_en": (
            "Protect labour rights and promote safe and secure working environments for all "
            "workers, including migrant workers, in particular women migrants, and those in "
            "precarious employment"
        ),
        "indicators": (
            "8.8.1 occupational injuries by migrant status; 8.8.2 compliance with labour rights"
        ),
    },
    {
        "code": "10.2",
        "goal": 10,
        "label_fr": "Inclusion de tous",
        "label_ar": "إدماج الجميع",
        "label_en": "Inclusion of all",
        "text_fr": (
            "D’ici à 2030, autonomiser toutes les personnes et favoriser leur intégration "
            "sociale, économique et politique, indépendamment de leur âge, de leur sexe, de "
            "leur handicap, de leur origine, de leur religion ou de leur statut économique ou "
            "autre"
        ),
        "text_ar": (
            "تمكين الجميع وتعزيز إدماجهم الاجتماعي والاقتصادي والسياسي، بغض النظر عن السن أو "
            "الجنس أو الإعاقة أو العرق أو الإثنية أو الأصل أو الدين أو الوضع الاقتصادي أو "
            "غيره، بحلول عام 2030"
        ),
        "text_en": (
            "By 2030, empower and promote the social, economic and political inclusion of all, "
            "irrespective of age, sex, disability, race, ethnicity, origin, religion or "
            "economic or other status"
        ),
        "indicators": "10.2.1 share of people below 50% of median income",
    },
    {
        "code": "10.7",
        "goal": 10,
        "label_fr": "Migrations bien gérées",
        "label_ar": "هجرة حسنة الإدارة",
        "label_en": "Well-managed migration",
        "text_fr": (
            "Faciliter la migration et la mobilité de façon ordonnée, sans danger, régulière et "
            "responsable, notamment par la mise en œuvre de politiques migratoires planifiées "
            "et bien gérées"
        ),
        "text_ar": (
            "تيسير الهجرة وتنقل الأشخاص على نحو منظم وآمن ومنتظم ومتسم بالمسؤولية، بما في "
            "ذلك من خلال تنفيذ سياسات هجرة مخطط لها وحسنة الإدارة"
        ),
        "text_en": (
            "Facilitate orderly, safe, regular and responsible migration and mobility of "
            "people, including through the implementation of planned and well-managed "
            "migration policies"
        ),
        "indicators": (
            "10.7.1 recruitment cost vs monthly income; 10.7.2 migration policies; "
            "10.7.3 deaths/disappearances while migrating; 10.7.4 refugees as share of population"
        ),
    },
    {
        "code": "10.c",
        "goal": 10,
        "label_fr": "Coût des envois de fonds",
        "label_ar": "تكاليف التحويلات المالية",
        "label_en": "Remittance costs",
        "text_fr": (
            "D’ici à 2030, faire baisser au-dessous de 3 % les coûts de transaction des envois "
            "de fonds effectués par les migrants et éliminer les circuits d’envois de fonds dont "
            "les coûts sont supérieurs à 5 %"
        ),
        "text_ar": (
            "خفض تكاليف معاملات تحويلات المهاجرين إلى أقل من 3 في المائة، وإلغاء قنوات "
            "التحويلات المالية التي تزيد تكاليفها على 5 في المائة، بحلول عام 2030"
        ),
        "text_en": (
            "By 2030, reduce to less than 3 per cent the transaction costs of migrant "
            "remittances and eliminate remittance corridors with costs higher than 5 per cent"
        ),
        "indicators": "10.c.1 remittance cost as % of amount sent",
    },
    {
        "code": "11.1",
        "goal": 11,
        "label_fr": "Logement adéquat",
        "label_ar": "السكن اللائق",
        "label_en": "Adequate housing",
        "text_fr": (
            "D’ici à 2030, assurer l’accès de tous à un logement et des services de base "
            "adéquats et sûrs, à un coût abordable, et assainir les quartiers de taudis"
        ),
        "text_ar": (
            "ضمان حصول الجميع على مساكن وخدمات أساسية ملائمة وآمنة وميسورة التكلفة، ورفع "
            "مستوى الأحياء الفقيرة، بحلول عام 2030"
        ),
        "text_en": (
            "By 2030, ensure access for all to adequate, safe and affordable housing and basic "
            "services and upgrade slums"
        ),
        "indicators": "",
    },
    {
        "code": "16.2",
        "goal": 16,
        "label_fr": "Violence contre les enfants, traite",
        "label_ar": "العنف ضد الأطفال والاتجار بهم",
        "label_en": "Violence against children, trafficking",
        "text_fr": (
            "Mettre un terme à la maltraitance, à l’exploitation et à la traite, et à toutes les "
            "formes de violence et de torture dont sont victimes les enfants"
        ),
        "text_ar": (
            "إنهاء إساءة معاملة الأطفال واستغلالهم والاتجار بهم وتعذيبهم وسائر أشكال العنف "
            "المرتكب ضدهم"
        ),
        "text_en": (
            "End abuse, exploitation, trafficking and all forms of violence against and torture "
            "of children"
        ),
        "indicators": (
            "16.2.2 detected trafficking victims per 100,000, by sex, age and form of exploitation"
        ),
    },
    {
        "code": "16.3",
        "goal": 16,
        "label_fr": "Accès à la justice",
        "label_ar": "الوصول إلى العدالة",
        "label_en": "Access to justice",
        "text_fr": (
            "Promouvoir l’état de droit aux niveaux national et international et donner à tous "
            "accès à la justice dans des conditions d’égalité"
        ),
        "text_ar": (
            "تعزيز سيادة القانون على الصعيدين الوطني والدولي وضمان تكافؤ فرص وصول الجميع إلى "
            "العدالة"
        ),
        "text_en": (
            "Promote the rule of law at the national and international levels and ensure equal "
            "access to justice for all"
        ),
        "indicators": "16.3.x (indicator not specified in the reference)",
    },
    {
        "code": "16.6",
        "goal": 16,
        "label_fr": "Institutions efficaces",
        "label_ar": "مؤسسات فعالة",
        "label_en": "Effective institutions",
        "text_fr": (
            "Mettre en place des institutions efficaces, responsables et transparentes à tous "
            "les niveaux"
        ),
        "text_ar": "إنشاء مؤسسات فعالة وشفافة وخاضعة للمساءلة على جميع المستويات",
        "text_en": "Develop effective, accountable and transparent institutions at all levels",
        "indicators": "",
    },
    {
        "code": "16.7",
        "goal": 16,
        "label_fr": "Prise de décision participative",
        "label_ar": "صنع القرار التشاركي",
        "label_en": "Inclusive decision-making",
        "text_fr": (
            "Faire en sorte que le dynamisme, l’ouverture, la participation et la représentation "
            "à tous les niveaux caractérisent la prise de décisions"
        ),
        "text_ar": (
            "ضمان اتخاذ القرارات على نحو مستجيب للاحتياجات وشامل للجميع وتشاركي وتمثيلي على "
            "جميع المستويات"
        ),
        "text_en": (
            "Ensure responsive, inclusive, participatory and representative decision-making at "
            "all levels"
        ),
        "indicators": "",
    },
    {
        "code": "16.9",
        "goal": 16,
        "label_fr": "Identité juridique",
        "label_ar": "الهوية القانونية",
        "label_en": "Legal identity",
        "text_fr": (
            "D’ici à 2030, garantir à tous une identité juridique, notamment grâce à "
            "l’enregistrement des naissances"
        ),
        "text_ar": "توفير هوية قانونية للجميع، بما في ذلك تسجيل المواليد، بحلول عام 2030",
        "text_en": "By 2030, provide legal identity for all, including birth registration",
        "indicators": "16.9.1 births of children under 5 registered",
    },
    {
        "code": "16.b",
        "goal": 16,
        "label_fr": "Non-discrimination",
        "label_ar": "عدم التمييز",
        "label_en": "Non-discrimination",
        "text_fr": (
            "Promouvoir et appliquer des lois et politiques non discriminatoires pour le "
            "développement durable"
        ),
        "text_ar": "تعزيز القوانين والسياسات غير التمييزية وإنفاذها لتحقيق التنمية المستدامة",
        "text_en": (
            "Promote and enforce non-discriminatory laws and policies for sustainable development"
        ),
        "indicators": "16.b.1 population reporting having felt discriminated against",
    },
    {
        "code": "17.18",
        "goal": 17,
        "label_fr": "Données ventilées",
        "label_ar": "البيانات المصنفة",
        "label_en": "Disaggregated data",
        "text_fr": (
            "D’ici à 2020, renforcer l’appui au renforcement des capacités des pays en "
            "développement afin de disposer de données de qualité, actualisées et exactes, "
            "ventilées par revenu, sexe, âge, race, appartenance ethnique, statut migratoire, "
            "handicap et emplacement géographique"
        ),
        "text_ar": (
            "تعزيز دعم بناء قدرات البلدان النامية بحلول عام 2020 لزيادة توافر بيانات عالية "
            "الجودة ومناسبة التوقيت وموثوقة، مصنفة حسب الدخل والجنس والسن والعرق والانتماء "
            "الإثني ووضع الهجرة والإعاقة والموقع الجغرافي"
        ),
        "text_en": (
            "By 2020, enhance capacity-building support to developing countries to increase "
            "the availability of high-quality, timely and reliable data disaggregated by "
            "income, gender, age, race, ethnicity, migratory status, disability and location"
        ),
        "indicators": "17.18.1 statistical capacity",
    },
]

# Suggested alignment SNIA programme -> SDG targets, from the reference file.
# This is a reading of the two frameworks, NOT an official crosswalk.
SUGGESTED_ALIGNMENT = {
    "P01": ["4.1", "4.b"],
    "P02": ["10.2"],
    "P03": ["3.8"],
    "P04": ["11.1"],
    "P05": ["1.3", "10.2"],
    "P06": ["4.4"],
    "P07": ["8.5", "8.8"],
    "P08": ["10.7", "8.7", "16.2", "5.2"],
    "P09": ["10.7", "17.18"],
    "P10": ["10.7", "16.9", "16.b"],
    "P11": ["16.6", "16.7", "17.18"],
}
