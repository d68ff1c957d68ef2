"""The default framework for assessing reception facilities, version 1.0, published.

Written by the Manara team from public standards, each criterion citing the one it comes from:
the Sphere Handbook (2018), the EUAA guidance on reception conditions, the UNHCR Emergency
Handbook, ISO 21542 and the CRPD on accessibility, the Child Protection Minimum Standards (2019),
the IASC guidelines on gender-based violence (2015), on mental health and psychosocial support
(2007) and on protection from sexual exploitation and abuse. The data is kept in this file so
that the migration never changes; later versions are made in the back office ("new version").
"""

from django.db import migrations
from django.utils import timezone

NAME = "Cadre d'évaluation des structures d'accueil"
VERSION = "1.0"
RESIDENTIAL = ["reception_centre", "shelter", "transit", "women_safe_space", "child_protection"]
WITH_CHILDREN = [
    "reception_centre",
    "shelter",
    "transit",
    "child_protection",
    "day_centre",
    "multipurpose",
]
MEALS = [*RESIDENTIAL, "day_centre"]

# (code, dimension, weight, critical, photo useful, kinds ([] = all), standard,
#  question fr/ar/en, guidance fr/ar/en, recommendation fr/ar/en)
CRITERIA = [
    # Accessibility and inclusivity ------------------------------------------------------------
    (
        "ACC-01", "accessibility", 2, False, True, [],
        "ISO 21542:2021, accessible approach and entrance; CRPD art. 9",
        (
            "L'entrée principale est-elle de plain-pied ou équipée d'une rampe (pente de 8 % au plus, main courante) ?",
            "هل المدخل الرئيسي في مستوى الأرض أو مجهز بمنحدر (ميل لا يتجاوز 8٪ مع درابزين)؟",
            "Is the main entrance step-free or fitted with a ramp (slope of 8 % at most, with a handrail)?",
        ),
        (
            "Suivez le trajet d'une personne en fauteuil roulant depuis la rue. 0 : marches sans alternative ; 1 : rampe trop raide ou amovible ; 2 : rampe conforme sans main courante ; 3 : accès de plain-pied ou rampe conforme avec main courante.",
            "تتبع مسار شخص على كرسي متحرك من الشارع. 0: درجات دون بديل؛ 1: منحدر شديد الميل أو متنقل؛ 2: منحدر مطابق دون درابزين؛ 3: دخول في مستوى الأرض أو منحدر مطابق مع درابزين.",
            "Follow the path of a wheelchair user from the street. 0: steps with no alternative; 1: ramp too steep or removable; 2: compliant ramp without handrail; 3: step-free access or compliant ramp with handrail.",
        ),
        (
            "Construire une rampe fixe (pente ≤ 8 %, largeur ≥ 1,20 m, main courante des deux côtés, revêtement antidérapant) ou aménager une entrée de plain-pied.",
            "إنشاء منحدر ثابت (ميل ≤ 8٪، عرض ≥ 1.20 م، درابزين على الجانبين، سطح مانع للانزلاق) أو تهيئة مدخل في مستوى الأرض.",
            "Build a fixed ramp (slope ≤ 8 %, width ≥ 1.20 m, handrails on both sides, non-slip surface) or create a step-free entrance.",
        ),
    ),
    (
        "ACC-02", "accessibility", 1, False, True, [],
        "ISO 21542:2021, doors (clear width of at least 800 mm)",
        (
            "Les portes des espaces communs, des chambres et des sanitaires ont-elles un passage libre d'au moins 80 cm ?",
            "هل يبلغ العرض الصافي لأبواب الفضاءات المشتركة والغرف والمرافق الصحية 80 سم على الأقل؟",
            "Do the doors of common areas, rooms and sanitary facilities have a clear width of at least 80 cm?",
        ),
        (
            "Mesurez le passage libre, porte ouverte à 90°. 0 : la plupart des portes font moins de 70 cm ; 3 : toutes les portes utiles font au moins 80 cm et s'ouvrent sans effort excessif.",
            "قس العرض الصافي والباب مفتوح بزاوية 90°. 0: معظم الأبواب أقل من 70 سم؛ 3: جميع الأبواب المستعملة 80 سم على الأقل وتفتح دون جهد كبير.",
            "Measure the clear width with the door open at 90°. 0: most doors under 70 cm; 3: every door in use is at least 80 cm wide and opens without undue effort.",
        ),
        (
            "Élargir les portes trop étroites (au moins 80 cm de passage libre) et remplacer les poignées rondes par des poignées en bec-de-cane.",
            "توسيع الأبواب الضيقة (80 سم على الأقل من العرض الصافي) واستبدال المقابض الدائرية بمقابض على شكل ذراع.",
            "Widen narrow doors (at least 80 cm clear) and replace round knobs with lever handles.",
        ),
    ),
    (
        "ACC-03", "accessibility", 2, False, True, [],
        "ISO 21542:2021, accessible sanitary facilities; Sphere Handbook 2018, WASH excreta management standard 3.2",
        (
            "Existe-t-il au moins un WC accessible (espace de rotation de 1,50 m, barres d'appui, porte ouvrant vers l'extérieur) ?",
            "هل يوجد مرحاض واحد على الأقل مهيأ (مساحة دوران 1.50 م، قضبان للإسناد، باب يفتح إلى الخارج)؟",
            "Is there at least one accessible toilet (1.50 m turning space, grab bars, door opening outwards)?",
        ),
        (
            "Vérifiez l'espace, les barres d'appui et la hauteur de la cuvette (45 à 50 cm). 1 : toilette au rez-de-chaussée mais trop étroite ; 2 : accessible mais sans barres d'appui ; 3 : conforme et en état de marche.",
            "تحقق من المساحة وقضبان الإسناد وارتفاع المقعد (45 إلى 50 سم). 1: مرحاض في الطابق الأرضي لكنه ضيق؛ 2: يمكن الوصول إليه دون قضبان إسناد؛ 3: مطابق وصالح للاستعمال.",
            "Check the space, grab bars and seat height (45 to 50 cm). 1: ground-floor toilet but too narrow; 2: reachable but no grab bars; 3: compliant and working.",
        ),
        (
            "Aménager un WC accessible par bâtiment : espace de rotation de 1,50 m, barres d'appui, lavabo sans colonne, porte de 90 cm ouvrant vers l'extérieur.",
            "تهيئة مرحاض مناسب في كل مبنى: مساحة دوران 1.50 م، قضبان إسناد، مغسلة دون عمود، باب بعرض 90 سم يفتح إلى الخارج.",
            "Fit one accessible toilet per building: 1.50 m turning space, grab bars, pedestal-free washbasin, 90 cm door opening outwards.",
        ),
    ),
    (
        "ACC-04", "accessibility", 1, False, True, RESIDENTIAL,
        "ISO 21542:2021, accessible showers",
        (
            "Existe-t-il une douche accessible (sans ressaut, siège rabattable, barres d'appui, douchette à hauteur réglable) ?",
            "هل يوجد دوش مهيأ (دون عتبة، مقعد قابل للطي، قضبان إسناد، رأس دوش قابل لتعديل الارتفاع)؟",
            "Is there an accessible shower (level floor, fold-down seat, grab bars, adjustable hand shower)?",
        ),
        (
            "0 : aucune douche utilisable par une personne à mobilité réduite ; 2 : douche sans ressaut mais sans siège ni barres ; 3 : douche complètement équipée.",
            "0: لا يوجد دوش يستطيع شخص محدود الحركة استعماله؛ 2: دوش دون عتبة لكن دون مقعد أو قضبان؛ 3: دوش مجهز بالكامل.",
            "0: no shower usable by a person with reduced mobility; 2: level-floor shower without seat or bars; 3: fully equipped shower.",
        ),
        (
            "Transformer au moins une douche en douche accessible de plain-pied avec siège rabattable, barres d'appui et sol antidérapant.",
            "تحويل دوش واحد على الأقل إلى دوش في مستوى الأرض مع مقعد قابل للطي وقضبان إسناد وأرضية مانعة للانزلاق.",
            "Convert at least one shower into a level-access shower with a fold-down seat, grab bars and a non-slip floor.",
        ),
    ),
    (
        "ACC-05", "accessibility", 1, False, False, [],
        "ISO 21542:2021, horizontal circulation (corridors and routes)",
        (
            "Les couloirs et cheminements intérieurs sont-ils assez larges (1,20 m) et libres d'obstacles, et les services essentiels sont-ils accessibles au rez-de-chaussée ?",
            "هل الممرات الداخلية واسعة بما يكفي (1.20 م) وخالية من العوائق، وهل الخدمات الأساسية متاحة في الطابق الأرضي؟",
            "Are corridors and indoor routes wide enough (1.20 m) and free of obstacles, and are essential services reachable on the ground floor?",
        ),
        (
            "Repérez les marches isolées, seuils, objets stockés dans les couloirs. 3 : une personne en fauteuil atteint l'accueil, une chambre, les sanitaires et le réfectoire sans aide.",
            "حدد الدرجات المنفردة والعتبات والأشياء المخزنة في الممرات. 3: يصل شخص على كرسي متحرك إلى الاستقبال وغرفة والمرافق الصحية وقاعة الأكل دون مساعدة.",
            "Look for isolated steps, thresholds and items stored in corridors. 3: a wheelchair user reaches reception, a room, the toilets and the dining area unaided.",
        ),
        (
            "Dégager les couloirs, supprimer les ressauts de plus de 2 cm et regrouper au rez-de-chaussée l'accueil, une chambre adaptée et les sanitaires accessibles.",
            "إخلاء الممرات، وإزالة العتبات التي تتجاوز 2 سم، وتجميع الاستقبال وغرفة مهيأة ومرافق صحية مناسبة في الطابق الأرضي.",
            "Clear the corridors, remove thresholds higher than 2 cm and group reception, an adapted room and accessible toilets on the ground floor.",
        ),
    ),
    (
        "ACC-06", "accessibility", 1, False, True, [],
        "ISO 21542:2021, wayfinding and signage; EUAA Guidance on reception conditions, information",
        (
            "La signalétique (accueil, sanitaires, issues, services) est-elle lisible, contrastée, avec pictogrammes, en arabe, français et anglais ?",
            "هل اللافتات (الاستقبال، المرافق الصحية، المخارج، الخدمات) واضحة ومتباينة الألوان ومزودة بالرموز المصورة بالعربية والفرنسية والإنجليزية؟",
            "Is the signage (reception, toilets, exits, services) legible, high-contrast, with pictograms, in Arabic, French and English?",
        ),
        (
            "0 : aucune signalétique ; 1 : panneaux en une seule langue, sans pictogramme ; 2 : plusieurs langues mais incomplète ; 3 : complète, pictogrammes, grands caractères, bien placée.",
            "0: لا توجد لافتات؛ 1: لافتات بلغة واحدة دون رموز؛ 2: عدة لغات لكنها غير مكتملة؛ 3: كاملة مع رموز وحروف كبيرة وموضوعة في أماكن مناسبة.",
            "0: no signage; 1: signs in one language, no pictograms; 2: several languages but incomplete; 3: complete, pictograms, large print, well placed.",
        ),
        (
            "Installer une signalétique multilingue à pictogrammes, à fort contraste et en grands caractères, à hauteur de vue, jusqu'aux issues de secours.",
            "تركيب لافتات متعددة اللغات بالرموز المصورة، بتباين قوي وحروف كبيرة، على مستوى النظر، وصولا إلى مخارج الطوارئ.",
            "Install multilingual pictogram signage, high-contrast and in large print, at eye level, including the emergency exits.",
        ),
    ),
    (
        "ACC-07", "accessibility", 1, False, False, [],
        "CRPD art. 9 and 21 (accessibility, access to information); Washington Group short set on functioning",
        (
            "L'information est-elle accessible aux personnes sourdes, malentendantes, aveugles ou malvoyantes et à celles qui ne lisent pas (oral, audio, gros caractères, images) ?",
            "هل المعلومات متاحة للأشخاص الصم وضعاف السمع والمكفوفين وضعاف البصر ولمن لا يقرؤون (شفهيا، صوتيا، بحروف كبيرة، بالصور)؟",
            "Is information accessible to people who are deaf, hard of hearing, blind or partially sighted, and to those who cannot read (spoken, audio, large print, pictures)?",
        ),
        (
            "Demandez comment une personne qui ne lit pas apprend le règlement et les services. 3 : au moins deux formats alternatifs existent et le personnel sait les proposer.",
            "اسأل كيف يتعرف شخص لا يقرأ على النظام الداخلي والخدمات. 3: يوجد شكلان بديلان على الأقل ويعرف الموظفون كيفية تقديمهما.",
            "Ask how a person who cannot read learns the house rules and services. 3: at least two alternative formats exist and staff know how to offer them.",
        ),
        (
            "Produire les informations clés en formats alternatifs (audio, gros caractères, illustrations) et former le personnel à les présenter oralement.",
            "إعداد المعلومات الأساسية بأشكال بديلة (صوت، حروف كبيرة، رسوم) وتدريب الموظفين على تقديمها شفهيا.",
            "Produce key information in alternative formats (audio, large print, illustrations) and train staff to present it orally.",
        ),
    ),
    (
        "ACC-08", "accessibility", 2, False, True, RESIDENTIAL,
        "Sphere Handbook 2018, Shelter and settlement standard 3: living space (access for persons with disabilities and older people)",
        (
            "Des couchages adaptés (lit bas au rez-de-chaussée, pas de lit superposé haut) sont-ils réservés aux personnes âgées, handicapées ou malades ?",
            "هل تخصص أسرّة مناسبة (سرير منخفض في الطابق الأرضي، دون سرير علوي) للأشخاص المسنين أو ذوي الإعاقة أو المرضى؟",
            "Are suitable beds (a low bed on the ground floor, never a top bunk) reserved for older, disabled or sick people?",
        ),
        (
            "Vérifiez où dorment les personnes âgées ou à mobilité réduite présentes. 0 : lits superposés hauts ou étage sans ascenseur ; 3 : couchages adaptés et proches des sanitaires accessibles.",
            "تحقق من أماكن نوم المسنين أو محدودي الحركة الموجودين. 0: أسرّة علوية أو طابق دون مصعد؛ 3: أسرّة مناسبة قريبة من المرافق الصحية المهيأة.",
            "Check where the older or mobility-impaired residents sleep. 0: top bunks or an upper floor without a lift; 3: suitable beds close to accessible toilets.",
        ),
        (
            "Réserver des couchages bas au rez-de-chaussée, près des sanitaires accessibles, pour les personnes âgées, handicapées ou malades.",
            "تخصيص أسرّة منخفضة في الطابق الأرضي قرب المرافق الصحية المهيأة للأشخاص المسنين أو ذوي الإعاقة أو المرضى.",
            "Reserve low beds on the ground floor, near accessible toilets, for older, disabled or sick people.",
        ),
    ),
    (
        "ACC-09", "accessibility", 1, False, False, [],
        "CRPD art. 20 (personal mobility) and art. 2 (reasonable accommodation)",
        (
            "La structure peut-elle fournir ou obtenir des aides techniques (fauteuil roulant, béquilles, aides auditives) et des aménagements raisonnables ?",
            "هل تستطيع المؤسسة توفير أو الحصول على أدوات مساعدة (كرسي متحرك، عكازات، سماعات) وترتيبات تيسيرية معقولة؟",
            "Can the facility provide or obtain assistive devices (wheelchair, crutches, hearing aids) and reasonable accommodation?",
        ),
        (
            "1 : rien de prévu ; 2 : orientation vers un partenaire sans suivi ; 3 : stock minimal sur place ou convention avec un partenaire spécialisé, avec suivi.",
            "1: لا شيء متوقع؛ 2: توجيه إلى شريك دون متابعة؛ 3: مخزون أدنى في عين المكان أو اتفاقية مع شريك متخصص مع المتابعة.",
            "1: nothing planned; 2: referral to a partner without follow-up; 3: a minimum stock on site or an agreement with a specialised partner, with follow-up.",
        ),
        (
            "Constituer un petit stock d'aides techniques et conclure une convention d'orientation avec une association spécialisée dans le handicap.",
            "تكوين مخزون صغير من الأدوات المساعدة وإبرام اتفاقية توجيه مع جمعية متخصصة في مجال الإعاقة.",
            "Keep a small stock of assistive devices and sign a referral agreement with an organisation specialised in disability.",
        ),
    ),
    (
        "ACC-10", "accessibility", 1, False, False, [],
        "UNHCR Emergency Handbook, reception centres: location and access",
        (
            "Le lieu est-il facile à trouver et à rejoindre (transports publics, adresse claire, horaires affichés, accueil en dehors des heures) ?",
            "هل يسهل العثور على المكان والوصول إليه (نقل عمومي، عنوان واضح، مواعيد معلنة، استقبال خارج أوقات العمل)؟",
            "Is the place easy to find and reach (public transport, clear address, posted opening hours, reception out of hours)?",
        ),
        (
            "Évaluez le trajet depuis la gare ou la station la plus proche. 3 : moins de 30 minutes, adresse et horaires publiés, numéro joignable en dehors des heures.",
            "قيّم المسار من أقرب محطة. 3: أقل من 30 دقيقة، العنوان والمواعيد منشورة، ورقم هاتف متاح خارج أوقات العمل.",
            "Assess the journey from the nearest station. 3: under 30 minutes, address and hours published, a number that answers out of hours.",
        ),
        (
            "Publier l'adresse, un plan d'accès et les horaires dans l'annuaire public de Manara et afficher un numéro joignable en permanence.",
            "نشر العنوان وخريطة الوصول والمواعيد في الدليل العمومي لمنارة وإعلان رقم هاتف متاح باستمرار.",
            "Publish the address, directions and hours in Manara's public directory and display a number that always answers.",
        ),
    ),
    (
        "ACC-11", "accessibility", 2, False, False, [],
        "EUAA Guidance on reception conditions, information and communication in a language understood",
        (
            "Peut-on communiquer avec chaque personne dans une langue qu'elle comprend (personnel multilingue, interprètes, interprétariat téléphonique) ?",
            "هل يمكن التواصل مع كل شخص بلغة يفهمها (موظفون متعددو اللغات، مترجمون، ترجمة هاتفية)؟",
            "Can each person be spoken to in a language they understand (multilingual staff, interpreters, telephone interpreting)?",
        ),
        (
            "Comparez les langues des résidents ou usagers et celles du personnel. 1 : seulement arabe/darija ; 2 : arabe, français, anglais ; 3 : en plus, interprètes mobilisables pour les autres langues.",
            "قارن لغات المقيمين أو المستفيدين بلغات الموظفين. 1: العربية/الدارجة فقط؛ 2: العربية والفرنسية والإنجليزية؛ 3: إضافة إلى ذلك، مترجمون متاحون للغات الأخرى.",
            "Compare the residents' or users' languages with the staff's. 1: Arabic/Darija only; 2: Arabic, French and English; 3: in addition, interpreters available for other languages.",
        ),
        (
            "Établir une liste d'interprètes (dont des femmes) et un accès à l'interprétariat téléphonique pour les langues non parlées par l'équipe.",
            "إعداد قائمة مترجمين (بينهم نساء) وتوفير الترجمة الهاتفية للغات التي لا يتحدثها الفريق.",
            "Set up a list of interpreters (including women) and access to telephone interpreting for languages the team does not speak.",
        ),
    ),
    # Safety -----------------------------------------------------------------------------------
    (
        "SAF-01", "safety", 3, True, True, [],
        "UNHCR Emergency Handbook, collective centres: fire safety; national fire safety regulations",
        (
            "La structure dispose-t-elle de détecteurs ou d'une alarme incendie et d'extincteurs vérifiés, en nombre suffisant à chaque niveau ?",
            "هل تتوفر المؤسسة على كواشف أو جهاز إنذار بالحريق وعلى مطافئ مراقبة بعدد كاف في كل طابق؟",
            "Does the facility have smoke detectors or a fire alarm and inspected extinguishers, in sufficient number on every floor?",
        ),
        (
            "Contrôlez la date de vérification des extincteurs (moins d'un an) et testez une alarme. 0 : aucun moyen d'alerte ni d'extinction ; 3 : alarme fonctionnelle et au moins un extincteur vérifié par niveau et par 200 m².",
            "تحقق من تاريخ مراقبة المطافئ (أقل من سنة) وجرب جهاز إنذار. 0: لا وسيلة إنذار ولا إطفاء؛ 3: إنذار يعمل ومطفأة مراقبة على الأقل في كل طابق ولكل 200 م².",
            "Check the extinguishers' inspection date (under a year) and test an alarm. 0: no means of alert or extinguishing; 3: working alarm and at least one inspected extinguisher per floor and per 200 m².",
        ),
        (
            "Installer des détecteurs de fumée et une alarme, placer un extincteur vérifié par niveau et par 200 m² (et un à CO2 près du tableau électrique), et en faire contrôler l'entretien chaque année.",
            "تركيب كواشف دخان وجهاز إنذار، ووضع مطفأة مراقبة في كل طابق ولكل 200 م² (ومطفأة ثاني أكسيد الكربون قرب اللوحة الكهربائية)، ومراقبة صيانتها سنويا.",
            "Install smoke detectors and an alarm, place one inspected extinguisher per floor and per 200 m² (and a CO2 one near the electrical panel), and have them serviced every year.",
        ),
    ),
    (
        "SAF-02", "safety", 3, True, True, [],
        "UNHCR Emergency Handbook, collective centres: evacuation routes and exits",
        (
            "Les issues de secours sont-elles dégagées, signalées, éclairées, ouvrables de l'intérieur sans clé, avec un plan d'évacuation affiché et des exercices ?",
            "هل مخارج الطوارئ خالية ومشار إليها ومضاءة وتفتح من الداخل دون مفتاح، مع مخطط إخلاء معلق وتمارين؟",
            "Are emergency exits clear, signposted, lit and openable from inside without a key, with an evacuation plan posted and drills held?",
        ),
        (
            "Ouvrez chaque issue. 0 : une issue est verrouillée, encombrée ou absente ; 1 : issues utilisables mais non signalées ; 2 : signalées, sans plan ni exercice ; 3 : tout est en place et un exercice a eu lieu dans l'année.",
            "افتح كل مخرج. 0: مخرج مقفل أو مسدود أو غير موجود؛ 1: مخارج صالحة لكن دون إشارات؛ 2: مشار إليها دون مخطط أو تمرين؛ 3: كل شيء متوفر وأجري تمرين خلال السنة.",
            "Open every exit. 0: an exit is locked, blocked or missing; 1: usable exits but no signs; 2: signposted, no plan or drill; 3: all in place and a drill held within the year.",
        ),
        (
            "Dégager et déverrouiller en permanence les issues (barres anti-panique), installer un éclairage de sécurité et une signalétique, afficher le plan d'évacuation et organiser un exercice par semestre.",
            "إخلاء المخارج وفتحها بشكل دائم (قضبان مانعة للذعر)، وتركيب إنارة طوارئ ولافتات، وتعليق مخطط الإخلاء، وتنظيم تمرين كل ستة أشهر.",
            "Keep exits clear and unlocked (panic bars), install emergency lighting and signs, post the evacuation plan and hold a drill every six months.",
        ),
    ),
    (
        "SAF-03", "safety", 3, True, False, [],
        "Sphere Handbook 2018, WASH water supply standard 2.2: water quality",
        (
            "L'eau de boisson est-elle sûre (réseau public contrôlé ou eau traitée et analysée) et disponible en permanence ?",
            "هل ماء الشرب آمن (شبكة عمومية مراقبة أو ماء معالج ومحلل) ومتوفر باستمرار؟",
            "Is drinking water safe (a monitored public network, or treated and tested water) and always available?",
        ),
        (
            "Identifiez la source et le stockage (citernes propres et couvertes). 0 : eau de source non contrôlée ou coupures fréquentes ; 3 : réseau public ou analyse récente conforme, récipients propres et fermés.",
            "حدد المصدر وطريقة التخزين (خزانات نظيفة ومغطاة). 0: ماء من مصدر غير مراقب أو انقطاعات متكررة؛ 3: شبكة عمومية أو تحليل حديث مطابق وأوعية نظيفة ومغلقة.",
            "Identify the source and the storage (clean, covered tanks). 0: water from an unmonitored source or frequent cuts; 3: public network or a recent compliant test, clean and closed containers.",
        ),
        (
            "Raccorder au réseau public ou traiter l'eau, nettoyer et couvrir les citernes, faire analyser l'eau deux fois par an et prévoir une réserve d'eau potable.",
            "الربط بالشبكة العمومية أو معالجة الماء، وتنظيف الخزانات وتغطيتها، وتحليل الماء مرتين في السنة، وتوفير احتياطي من ماء الشرب.",
            "Connect to the public network or treat the water, clean and cover the tanks, have the water tested twice a year and keep a reserve of drinking water.",
        ),
    ),
    (
        "SAF-04", "safety", 2, False, False, RESIDENTIAL,
        "Sphere Handbook 2018, WASH water supply standard 2.1: access and water quantity (15 litres per person per day)",
        (
            "Chaque personne dispose-t-elle d'au moins 15 litres d'eau par jour pour boire, cuisiner et l'hygiène ?",
            "هل يتوفر لكل شخص 15 لترا من الماء يوميا على الأقل للشرب والطهي والنظافة؟",
            "Does each person have at least 15 litres of water a day for drinking, cooking and hygiene?",
        ),
        (
            "Estimez la consommation (compteur ou volume livré) divisée par le nombre de résidents. 0 : moins de 7,5 l ; 1 : 7,5 à 10 l ; 2 : 10 à 15 l ; 3 : au moins 15 l sans coupure.",
            "قدّر الاستهلاك (العداد أو الكمية المسلمة) مقسوما على عدد المقيمين. 0: أقل من 7.5 ل؛ 1: من 7.5 إلى 10 ل؛ 2: من 10 إلى 15 ل؛ 3: 15 ل على الأقل دون انقطاع.",
            "Estimate consumption (meter or volume delivered) divided by the number of residents. 0: under 7.5 l; 1: 7.5 to 10 l; 2: 10 to 15 l; 3: at least 15 l with no cuts.",
        ),
        (
            "Augmenter la capacité de stockage et d'approvisionnement pour garantir au moins 15 litres par personne et par jour, y compris en période de pointe.",
            "رفع قدرة التخزين والتزويد لضمان 15 لترا على الأقل لكل شخص في اليوم، بما في ذلك في فترات الذروة.",
            "Increase storage and supply to guarantee at least 15 litres per person per day, including at peak times.",
        ),
    ),
    (
        "SAF-05", "safety", 2, False, True, RESIDENTIAL,
        "Sphere Handbook 2018, WASH excreta management standard 3.2: access to and use of toilets (at most 20 people per toilet)",
        (
            "Y a-t-il au plus 20 personnes par toilette fonctionnelle ?",
            "هل يوجد 20 شخصا على الأكثر لكل مرحاض صالح للاستعمال؟",
            "Are there at most 20 people per working toilet?",
        ),
        (
            "Comptez les toilettes en état de marche et divisez l'occupation actuelle par ce nombre. 0 : plus de 50 ; 1 : 35 à 50 ; 2 : 21 à 35 ; 3 : 20 ou moins.",
            "احسب المراحيض الصالحة واقسم عدد المقيمين الحالي على هذا العدد. 0: أكثر من 50؛ 1: من 35 إلى 50؛ 2: من 21 إلى 35؛ 3: 20 أو أقل.",
            "Count the working toilets and divide the current occupancy by that number. 0: over 50; 1: 35 to 50; 2: 21 to 35; 3: 20 or fewer.",
        ),
        (
            "Réparer les toilettes hors service et en construire de nouvelles jusqu'à un ratio d'au plus 20 personnes par toilette.",
            "إصلاح المراحيض المعطلة وبناء مراحيض جديدة حتى نسبة 20 شخصا على الأكثر لكل مرحاض.",
            "Repair broken toilets and build new ones until there are at most 20 people per toilet.",
        ),
    ),
    (
        "SAF-06", "safety", 2, False, True, [],
        "Sphere Handbook 2018, WASH excreta management standard 3.2 (toilets lockable from inside, separated by sex, lit)",
        (
            "Les toilettes et douches sont-elles séparées par sexe, verrouillables de l'intérieur et éclairées la nuit ?",
            "هل المراحيض والحمامات منفصلة حسب الجنس وتقفل من الداخل ومضاءة ليلا؟",
            "Are toilets and showers separated by sex, lockable from inside and lit at night?",
        ),
        (
            "Vérifiez les verrous, la signalétique femmes/hommes et l'éclairage du trajet de nuit. Un point manquant sur trois donne au plus 1.",
            "تحقق من الأقفال ولافتات النساء/الرجال وإنارة المسار ليلا. غياب عنصر واحد من الثلاثة يعطي 1 على الأكثر.",
            "Check the locks, the women/men signs and the lighting of the route at night. One of the three missing gives 1 at most.",
        ),
        (
            "Poser des verrous intérieurs, séparer et signaler les blocs femmes et hommes, et éclairer les sanitaires et leurs accès toute la nuit.",
            "تركيب أقفال داخلية، وفصل أجنحة النساء والرجال والإشارة إليها، وإنارة المرافق الصحية ومداخلها طوال الليل.",
            "Fit inside locks, separate and sign the women's and men's blocks, and light the toilets and their access all night.",
        ),
    ),
    (
        "SAF-07", "safety", 1, False, True, [],
        "Sphere Handbook 2018, WASH hygiene promotion standard 1.2 and excreta management standard 3.2 (handwashing)",
        (
            "Des points de lavage des mains avec eau et savon existent-ils près des toilettes et des lieux de repas ?",
            "هل توجد نقاط لغسل اليدين بالماء والصابون قرب المراحيض وأماكن الأكل؟",
            "Are there handwashing points with water and soap near the toilets and eating areas?",
        ),
        (
            "0 : aucun ; 1 : lavabos sans savon ; 2 : savon irrégulier ou un seul point ; 3 : eau et savon disponibles en permanence aux deux endroits.",
            "0: لا شيء؛ 1: مغاسل دون صابون؛ 2: صابون غير منتظم أو نقطة واحدة فقط؛ 3: ماء وصابون متوفران باستمرار في المكانين.",
            "0: none; 1: basins without soap; 2: soap irregular or a single point; 3: water and soap always available in both places.",
        ),
        (
            "Installer des lavabos avec savon près des toilettes et du réfectoire et confier à une personne leur réapprovisionnement quotidien.",
            "تركيب مغاسل مع الصابون قرب المراحيض وقاعة الأكل وتكليف شخص بتزويدها يوميا.",
            "Install basins with soap near the toilets and the dining area and make someone responsible for restocking them daily.",
        ),
    ),
    (
        "SAF-08", "safety", 3, True, True, [],
        "UNHCR Emergency Handbook, collective centres: building safety (electrical installations)",
        (
            "L'installation électrique est-elle sûre (pas de fils dénudés, prises non surchargées, tableau protégé avec disjoncteur différentiel) ?",
            "هل التركيبات الكهربائية آمنة (دون أسلاك عارية، مقابس غير محملة، لوحة محمية بقاطع تفاضلي)؟",
            "Is the electrical installation safe (no bare wires, sockets not overloaded, panel protected by a residual-current breaker)?",
        ),
        (
            "Regardez les prises, rallonges, tableau et salles d'eau. 0 : fils dénudés ou prises près de l'eau ; 3 : installation en bon état, disjoncteur différentiel, contrôle par un électricien.",
            "افحص المقابس والتمديدات واللوحة والحمامات. 0: أسلاك عارية أو مقابس قرب الماء؛ 3: تركيبات في حالة جيدة مع قاطع تفاضلي ومراقبة من طرف كهربائي.",
            "Look at sockets, extension leads, the panel and wet rooms. 0: bare wires or sockets near water; 3: sound installation, residual-current breaker, checked by an electrician.",
        ),
        (
            "Faire vérifier l'installation par un électricien qualifié, remplacer les éléments dangereux, installer un disjoncteur différentiel 30 mA et supprimer les multiprises en cascade.",
            "فحص التركيبات من طرف كهربائي مؤهل، واستبدال العناصر الخطرة، وتركيب قاطع تفاضلي 30 مللي أمبير، وإزالة المقابس المتعددة المتسلسلة.",
            "Have a qualified electrician inspect the installation, replace dangerous parts, install a 30 mA residual-current breaker and remove daisy-chained power strips.",
        ),
    ),
    (
        "SAF-09", "safety", 2, False, True, [],
        "UNHCR Emergency Handbook, collective centres: building assessment (structure, roof, falls)",
        (
            "Le bâtiment est-il sain : pas de fissure structurelle, toiture étanche, garde-corps aux escaliers, balcons et terrasses ?",
            "هل المبنى سليم: دون تشققات بنيوية، سقف محكم، درابزين للسلالم والشرفات والأسطح؟",
            "Is the building sound: no structural cracks, watertight roof, guard rails on stairs, balconies and terraces?",
        ),
        (
            "0 : fissures structurelles, risque d'effondrement ou de chute ; 1 : infiltrations importantes ; 2 : défauts mineurs ; 3 : bâtiment en bon état. En cas de doute sur la structure, demandez l'avis d'un ingénieur.",
            "0: تشققات بنيوية أو خطر انهيار أو سقوط؛ 1: تسربات مهمة؛ 2: عيوب بسيطة؛ 3: مبنى في حالة جيدة. عند الشك في البنية، اطلب رأي مهندس.",
            "0: structural cracks, risk of collapse or falls; 1: major leaks; 2: minor defects; 3: building in good repair. If the structure is in doubt, ask an engineer.",
        ),
        (
            "Faire expertiser la structure, reprendre l'étanchéité de la toiture et poser des garde-corps d'au moins 1 m partout où l'on peut chuter.",
            "إجراء خبرة على البنية، وإصلاح عزل السقف، وتركيب درابزين بارتفاع متر على الأقل في كل مكان يمكن السقوط منه.",
            "Have the structure surveyed, redo the roof waterproofing and fit guard rails at least 1 m high wherever a fall is possible.",
        ),
    ),
    (
        "SAF-10", "safety", 2, False, True, RESIDENTIAL,
        "Sphere Handbook 2018, Shelter and settlement standard 3: living space (at least 3.5 m² of covered living space per person)",
        (
            "Chaque résident dispose-t-il d'au moins 3,5 m² de surface couverte pour vivre et dormir ?",
            "هل يتوفر كل مقيم على 3.5 م² على الأقل من المساحة المغطاة للعيش والنوم؟",
            "Does each resident have at least 3.5 m² of covered living space?",
        ),
        (
            "Mesurez les chambres et divisez par le nombre de personnes qui y dorment. 0 : moins de 2 m² ; 1 : 2 à 2,9 m² ; 2 : 3 à 3,4 m² ; 3 : 3,5 m² ou plus.",
            "قس الغرف واقسم المساحة على عدد الأشخاص الذين ينامون فيها. 0: أقل من 2 م²؛ 1: من 2 إلى 2.9 م²؛ 2: من 3 إلى 3.4 م²؛ 3: 3.5 م² أو أكثر.",
            "Measure the rooms and divide by the number of people sleeping in them. 0: under 2 m²; 1: 2 to 2.9 m²; 2: 3 to 3.4 m²; 3: 3.5 m² or more.",
        ),
        (
            "Réduire l'occupation ou aménager des espaces supplémentaires pour atteindre au moins 3,5 m² couverts par personne.",
            "تقليص عدد المقيمين أو تهيئة فضاءات إضافية لبلوغ 3.5 م² مغطاة على الأقل لكل شخص.",
            "Reduce occupancy or fit out more space to reach at least 3.5 m² of covered space per person.",
        ),
    ),
    (
        "SAF-11", "safety", 1, False, False, [],
        "Sphere Handbook 2018, Shelter and settlement standard 3: living space (thermal comfort, ventilation, light)",
        (
            "Les locaux sont-ils ventilés, éclairés, protégés du froid et de la chaleur, propres et traités contre les nuisibles ?",
            "هل الفضاءات مهواة ومضاءة ومحمية من البرد والحر ونظيفة ومعالجة ضد الحشرات والقوارض؟",
            "Are the premises ventilated, lit, protected from cold and heat, clean and treated against pests?",
        ),
        (
            "Visitez les chambres et espaces communs aux heures d'usage. 3 : air renouvelé, température supportable, lumière naturelle ou artificielle suffisante, pas de nuisibles visibles.",
            "زر الغرف والفضاءات المشتركة في أوقات الاستعمال. 3: هواء متجدد، حرارة محتملة، إضاءة طبيعية أو اصطناعية كافية، دون حشرات أو قوارض ظاهرة.",
            "Visit rooms and common areas when in use. 3: fresh air, bearable temperature, enough natural or artificial light, no visible pests.",
        ),
        (
            "Améliorer la ventilation et l'isolation, prévoir chauffage et ventilateurs selon la saison, et planifier le nettoyage et la désinsectisation.",
            "تحسين التهوية والعزل، وتوفير التدفئة والمراوح حسب الفصل، وبرمجة التنظيف ومكافحة الحشرات.",
            "Improve ventilation and insulation, provide heating and fans according to the season, and schedule cleaning and pest control.",
        ),
    ),
    # Services available -----------------------------------------------------------------------
    (
        "SER-01", "services", 1, False, False, [],
        "UNHCR Emergency Handbook, reception centres: reception and registration",
        (
            "Un accueil identifié enregistre-t-il chaque arrivée et dispose-t-il d'un espace d'entretien individuel confidentiel ?",
            "هل يسجل مكتب استقبال محدد كل وافد ويتوفر على فضاء مغلق للمقابلات الفردية السرية؟",
            "Does an identified reception desk register each arrival and have a confidential space for individual interviews?",
        ),
        (
            "3 : registre tenu à jour, personne désignée, bureau fermé où l'on ne peut être entendu de l'extérieur.",
            "3: سجل محين، شخص معين، ومكتب مغلق لا يمكن سماع ما يدور فيه من الخارج.",
            "3: register kept up to date, a designated person, a closed office where conversations cannot be overheard.",
        ),
        (
            "Désigner un responsable de l'accueil, tenir un registre des arrivées et aménager un bureau d'entretien confidentiel.",
            "تعيين مسؤول عن الاستقبال، ومسك سجل للوافدين، وتهيئة مكتب للمقابلات السرية.",
            "Appoint a person in charge of reception, keep an arrivals register and fit out a confidential interview room.",
        ),
    ),
    (
        "SER-02", "services", 2, False, False, [],
        "EUAA Guidance on reception conditions, health care; Sphere Handbook 2018, Health systems standard 1.1",
        (
            "Les personnes ont-elles accès aux soins : trousse de premiers secours, personne formée sur place, orientation vers un centre de santé ?",
            "هل يستفيد الأشخاص من العلاج: صندوق إسعافات أولية، شخص مدرب في عين المكان، توجيه إلى مركز صحي؟",
            "Do people have access to health care: a first-aid kit, a trained person on site, referral to a health centre?",
        ),
        (
            "1 : trousse incomplète, pas de personne formée ; 2 : premiers secours assurés mais orientation informelle ; 3 : premiers secours, orientation convenue avec un centre de santé et suivi.",
            "1: صندوق غير مكتمل، ولا يوجد شخص مدرب؛ 2: إسعافات أولية مضمونة لكن التوجيه غير رسمي؛ 3: إسعافات أولية، وتوجيه متفق عليه مع مركز صحي، ومتابعة.",
            "1: incomplete kit, no trained person; 2: first aid assured but informal referral; 3: first aid, agreed referral to a health centre, and follow-up.",
        ),
        (
            "Former au moins deux membres du personnel aux premiers secours, compléter la trousse et signer une convention d'orientation avec le centre de santé le plus proche.",
            "تدريب موظفَين على الأقل على الإسعافات الأولية، واستكمال الصندوق، وإبرام اتفاقية توجيه مع أقرب مركز صحي.",
            "Train at least two staff members in first aid, complete the kit and sign a referral agreement with the nearest health centre.",
        ),
    ),
    (
        "SER-03", "services", 2, False, False, [],
        "IASC Guidelines on Mental Health and Psychosocial Support in Emergency Settings (2007)",
        (
            "Un soutien psychosocial est-il proposé sur place ou par orientation, et le personnel connaît-il les premiers secours psychologiques ?",
            "هل يقدم دعم نفسي واجتماعي في عين المكان أو عبر التوجيه، وهل يعرف الموظفون الإسعافات النفسية الأولية؟",
            "Is psychosocial support offered on site or by referral, and do staff know psychological first aid?",
        ),
        (
            "0 : rien ; 1 : écoute informelle ; 2 : orientation vers un service spécialisé ; 3 : activités psychosociales régulières et orientation des cas graves vers un professionnel.",
            "0: لا شيء؛ 1: إنصات غير رسمي؛ 2: توجيه إلى مصلحة متخصصة؛ 3: أنشطة نفسية اجتماعية منتظمة وتوجيه الحالات الصعبة إلى مختص.",
            "0: nothing; 1: informal listening; 2: referral to a specialised service; 3: regular psychosocial activities and referral of severe cases to a professional.",
        ),
        (
            "Former l'équipe aux premiers secours psychologiques, organiser des activités psychosociales et établir une orientation vers un psychologue ou un psychiatre.",
            "تدريب الفريق على الإسعافات النفسية الأولية، وتنظيم أنشطة نفسية اجتماعية، وإرساء توجيه نحو أخصائي نفسي أو طبيب نفسي.",
            "Train the team in psychological first aid, run psychosocial activities and set up referral to a psychologist or psychiatrist.",
        ),
    ),
    (
        "SER-04", "services", 2, False, False, MEALS,
        "Sphere Handbook 2018, Food security and nutrition, food assistance standards; EUAA Guidance on reception conditions, food",
        (
            "Les repas sont-ils suffisants, réguliers, préparés hygiéniquement et adaptés (enfants, femmes enceintes, régimes médicaux ou religieux) ?",
            "هل الوجبات كافية ومنتظمة ومحضرة في ظروف صحية وملائمة (الأطفال، الحوامل، الحميات الطبية أو الدينية)؟",
            "Are meals sufficient, regular, hygienically prepared and adapted (children, pregnant women, medical or religious diets)?",
        ),
        (
            "Visitez la cuisine et demandez le nombre de repas par jour. 3 : au moins deux repas chauds, cuisine propre, régimes particuliers pris en compte.",
            "زر المطبخ واسأل عن عدد الوجبات اليومية. 3: وجبتان ساخنتان على الأقل، مطبخ نظيف، ومراعاة الحميات الخاصة.",
            "Visit the kitchen and ask how many meals are served a day. 3: at least two hot meals, a clean kitchen, special diets catered for.",
        ),
        (
            "Assurer au moins deux repas équilibrés par jour, former le personnel de cuisine à l'hygiène alimentaire et prévoir des repas adaptés.",
            "ضمان وجبتين متوازنتين على الأقل يوميا، وتدريب عمال المطبخ على النظافة الغذائية، وتوفير وجبات ملائمة.",
            "Provide at least two balanced meals a day, train kitchen staff in food hygiene and plan adapted meals.",
        ),
    ),
    (
        "SER-05", "services", 1, False, False, RESIDENTIAL,
        "Sphere Handbook 2018, Shelter and settlement standard 4: household items; WASH hygiene promotion standard 1.3: menstrual hygiene",
        (
            "Chaque résident reçoit-il literie, kit d'hygiène, protections menstruelles et vêtements selon la saison ?",
            "هل يتسلم كل مقيم أفرشة وعدة نظافة ومستلزمات الدورة الشهرية وملابس حسب الفصل؟",
            "Does each resident receive bedding, a hygiene kit, menstrual products and seasonal clothing?",
        ),
        (
            "Demandez ce qui est remis à l'arrivée et à quelle fréquence c'est renouvelé. 3 : kit complet à l'arrivée, renouvelé, protections menstruelles remises discrètement.",
            "اسأل عما يسلم عند الوصول وعن وتيرة تجديده. 3: عدة كاملة عند الوصول، تجدد، ومستلزمات الدورة الشهرية تسلم بسرية.",
            "Ask what is handed out on arrival and how often it is renewed. 3: a full kit on arrival, renewed, menstrual products handed out discreetly.",
        ),
        (
            "Constituer un stock de kits d'arrivée (literie, hygiène, protections menstruelles) et organiser leur renouvellement mensuel.",
            "تكوين مخزون من عدد الوصول (أفرشة، نظافة، مستلزمات الدورة الشهرية) وتنظيم تجديدها شهريا.",
            "Build a stock of arrival kits (bedding, hygiene, menstrual products) and organise their monthly renewal.",
        ),
    ),
    (
        "SER-06", "services", 2, False, False, [],
        "EUAA Guidance on reception conditions, information on rights, obligations and services",
        (
            "Les personnes reçoivent-elles, à l'arrivée, une information sur leurs droits, le règlement, les services et les procédures, dans une langue comprise ?",
            "هل يتلقى الأشخاص عند وصولهم معلومات عن حقوقهم والنظام الداخلي والخدمات والإجراءات بلغة يفهمونها؟",
            "On arrival, do people receive information on their rights, the house rules, services and procedures, in a language they understand?",
        ),
        (
            "Demandez à deux ou trois personnes ce qu'on leur a expliqué. 3 : séance d'information systématique, supports écrits en plusieurs langues, questions possibles.",
            "اسأل شخصين أو ثلاثة عما شرح لهم. 3: جلسة إعلامية منتظمة، ودعائم مكتوبة بعدة لغات، وإمكانية طرح الأسئلة.",
            "Ask two or three people what was explained to them. 3: a systematic information session, written material in several languages, room for questions.",
        ),
        (
            "Organiser une séance d'accueil pour chaque arrivée et préparer un livret d'information en arabe, français, anglais et dans les langues des résidents.",
            "تنظيم جلسة استقبال لكل وافد وإعداد كتيب معلومات بالعربية والفرنسية والإنجليزية وبلغات المقيمين.",
            "Hold a welcome session for every arrival and prepare an information booklet in Arabic, French, English and the residents' languages.",
        ),
    ),
    (
        "SER-07", "services", 1, False, False, [],
        "EUAA Guidance on reception conditions, legal information; UNHCR Emergency Handbook, access to legal assistance",
        (
            "Les personnes ont-elles accès à une information juridique et à une aide (régularisation, asile, documents d'état civil) par le personnel ou un partenaire ?",
            "هل يستفيد الأشخاص من معلومات قانونية ومساعدة (التسوية، اللجوء، وثائق الحالة المدنية) عبر الموظفين أو شريك؟",
            "Do people have access to legal information and help (regularisation, asylum, civil documents) through staff or a partner?",
        ),
        (
            "2 : orientation connue vers un partenaire juridique ; 3 : permanence juridique régulière ou suivi des orientations.",
            "2: توجيه معروف نحو شريك قانوني؛ 3: مداومة قانونية منتظمة أو تتبع للتوجيهات.",
            "2: a known referral to a legal partner; 3: regular legal clinic or tracked referrals.",
        ),
        (
            "Conclure un partenariat avec une association d'aide juridique pour une permanence régulière et tenir un registre des orientations.",
            "إبرام شراكة مع جمعية للمساعدة القانونية من أجل مداومة منتظمة ومسك سجل للتوجيهات.",
            "Partner with a legal aid organisation for a regular clinic and keep a register of referrals.",
        ),
    ),
    (
        "SER-08", "services", 1, False, False, WITH_CHILDREN,
        "INEE Minimum Standards for Education (2024), access and learning environment; EUAA Guidance on reception conditions, schooling",
        (
            "Les enfants ont-ils accès à l'école ou à des activités éducatives, et la structure aide-t-elle à l'inscription scolaire ?",
            "هل يستفيد الأطفال من التمدرس أو من أنشطة تربوية، وهل تساعد المؤسسة في التسجيل المدرسي؟",
            "Do children have access to school or educational activities, and does the facility help with school enrolment?",
        ),
        (
            "0 : aucun enfant scolarisé ni activité ; 2 : activités sur place sans lien avec l'école ; 3 : inscription facilitée et soutien scolaire.",
            "0: لا طفل متمدرس ولا أنشطة؛ 2: أنشطة في عين المكان دون صلة بالمدرسة؛ 3: تسهيل التسجيل ودعم مدرسي.",
            "0: no child in school and no activity; 2: activities on site unconnected to school; 3: enrolment facilitated and homework support.",
        ),
        (
            "Établir un lien avec la direction provinciale de l'éducation pour l'inscription et organiser un soutien scolaire ou une éducation non formelle.",
            "إرساء صلة مع المديرية الإقليمية للتربية من أجل التسجيل وتنظيم دعم مدرسي أو تربية غير نظامية.",
            "Link with the provincial education directorate for enrolment and organise homework support or non-formal education.",
        ),
    ),
    (
        "SER-09", "services", 1, False, False, RESIDENTIAL,
        "EUAA Guidance on reception conditions, accommodation: privacy and storage of personal belongings",
        (
            "Chaque résident dispose-t-il d'un rangement fermant à clé pour ses effets et documents, et d'un accès à la buanderie ?",
            "هل يتوفر كل مقيم على خزانة تقفل بمفتاح لأغراضه ووثائقه، وعلى إمكانية غسل الملابس؟",
            "Does each resident have a lockable space for belongings and documents, and access to laundry?",
        ),
        (
            "3 : casier ou armoire verrouillable par personne et possibilité de laver son linge régulièrement.",
            "3: خزانة أو دولاب يقفل لكل شخص وإمكانية غسل الملابس بانتظام.",
            "3: a lockable locker or cupboard per person and the means to wash clothes regularly.",
        ),
        (
            "Installer des casiers verrouillables individuels et équiper une buanderie (machines ou bacs, produits).",
            "تركيب خزانات فردية تقفل وتجهيز مغسلة (آلات أو أحواض ومواد).",
            "Install individual lockable lockers and equip a laundry (machines or tubs, detergent).",
        ),
    ),
    (
        "SER-10", "services", 1, False, False, [],
        "ICRC and National Societies, Restoring Family Links; EUAA Guidance on reception conditions, communication",
        (
            "Les personnes peuvent-elles communiquer avec leur famille (recharge de téléphone, wifi) et être orientées vers le rétablissement des liens familiaux ?",
            "هل يستطيع الأشخاص التواصل مع عائلاتهم (شحن الهاتف، الإنترنت اللاسلكي) وتوجيههم نحو خدمة إعادة الروابط العائلية؟",
            "Can people contact their family (phone charging, wifi) and be referred to family-links services?",
        ),
        (
            "1 : recharge seulement ; 2 : recharge et wifi ; 3 : en plus, orientation connue vers le rétablissement des liens familiaux.",
            "1: الشحن فقط؛ 2: الشحن والإنترنت؛ 3: إضافة إلى ذلك، توجيه معروف نحو خدمة إعادة الروابط العائلية.",
            "1: charging only; 2: charging and wifi; 3: in addition, a known referral to family-links services.",
        ),
        (
            "Installer des points de recharge et un accès wifi, et afficher le contact du service de rétablissement des liens familiaux du Croissant-Rouge.",
            "تركيب نقاط شحن وتوفير الإنترنت اللاسلكي، وتعليق عنوان خدمة إعادة الروابط العائلية للهلال الأحمر.",
            "Install charging points and wifi, and display the contact of the Red Crescent's family-links service.",
        ),
    ),
    (
        "SER-11", "services", 2, False, False, [],
        "EUAA Guidance on reception conditions, staffing (sufficient, trained staff, including women)",
        (
            "Le personnel est-il suffisant et formé, avec des femmes dans l'équipe et, pour l'hébergement, une présence jour et nuit ?",
            "هل عدد الموظفين كاف ومدرب، مع وجود نساء في الفريق، وفي حالة الإيواء حضور ليلا ونهارا؟",
            "Are there enough trained staff, with women on the team and, where people stay overnight, a presence day and night?",
        ),
        (
            "Comparez l'effectif présent à l'occupation. 0 : aucun personnel la nuit dans un hébergement ; 3 : planning couvrant 24 h, au moins une femme par équipe, formations à jour.",
            "قارن عدد الموظفين الحاضرين بعدد المقيمين. 0: لا موظفين ليلا في مكان إيواء؛ 3: جدول عمل يغطي 24 ساعة، وامرأة على الأقل في كل فريق، وتكوينات محينة.",
            "Compare staff on duty with occupancy. 0: no staff at night in accommodation; 3: a roster covering 24 hours, at least one woman per shift, training up to date.",
        ),
        (
            "Renforcer l'équipe (dont des femmes), organiser une présence de nuit et établir un plan de formation annuel.",
            "تعزيز الفريق (بما في ذلك نساء)، وتنظيم حضور ليلي، ووضع مخطط سنوي للتكوين.",
            "Strengthen the team (including women), organise a night presence and set an annual training plan.",
        ),
    ),
    # Protection mechanisms --------------------------------------------------------------------
    (
        "PRO-01", "protection", 2, False, False, [],
        "EUAA Guidance on reception conditions, identification of special reception needs and vulnerability",
        (
            "Les vulnérabilités (enfants non accompagnés, femmes seules, handicap, maladie, victimes de violence ou de traite) sont-elles identifiées à l'arrivée et suivies ?",
            "هل يتم تحديد أوجه الهشاشة (الأطفال غير المصحوبين، النساء الوحيدات، الإعاقة، المرض، ضحايا العنف أو الاتجار) عند الوصول ومتابعتها؟",
            "Are vulnerabilities (unaccompanied children, women alone, disability, illness, survivors of violence or trafficking) identified on arrival and followed up?",
        ),
        (
            "1 : repérage informel ; 2 : grille de repérage utilisée mais sans suivi ; 3 : grille systématique, plan individuel et réévaluation.",
            "1: رصد غير رسمي؛ 2: استعمال شبكة رصد دون متابعة؛ 3: شبكة منتظمة، وخطة فردية، وإعادة تقييم.",
            "1: informal spotting; 2: a screening grid used but no follow-up; 3: systematic screening, an individual plan and reassessment.",
        ),
        (
            "Adopter une grille de repérage des vulnérabilités à l'arrivée, désigner un référent et réévaluer chaque situation au moins une fois par mois.",
            "اعتماد شبكة لرصد الهشاشة عند الوصول، وتعيين مرجع، وإعادة تقييم كل حالة مرة في الشهر على الأقل.",
            "Adopt a vulnerability screening grid for arrivals, appoint a focal point and reassess each situation at least monthly.",
        ),
    ),
    (
        "PRO-02", "protection", 3, False, True, RESIDENTIAL,
        "EUAA Guidance on reception conditions, accommodation: separate, lockable spaces for single women and for families",
        (
            "Les femmes seules et les familles dorment-elles dans des espaces séparés et verrouillables, distincts de ceux des hommes seuls ?",
            "هل تنام النساء الوحيدات والأسر في فضاءات منفصلة تقفل، بعيدة عن فضاءات الرجال الوحيدين؟",
            "Do single women and families sleep in separate, lockable spaces, apart from single men?",
        ),
        (
            "0 : dortoirs mixtes ; 1 : séparation par rideau ou cloison légère ; 2 : pièces séparées sans verrou ; 3 : espaces séparés, verrouillables, sans passage par les espaces des hommes.",
            "0: مراقد مختلطة؛ 1: فصل بستار أو حاجز خفيف؛ 2: غرف منفصلة دون قفل؛ 3: فضاءات منفصلة تقفل دون المرور بفضاءات الرجال.",
            "0: mixed dormitories; 1: separated by a curtain or light partition; 2: separate rooms without a lock; 3: separate, lockable spaces not reached through men's areas.",
        ),
        (
            "Réorganiser les chambres pour attribuer des espaces séparés et verrouillables aux femmes seules et aux familles, avec un accès qui ne traverse pas les espaces des hommes.",
            "إعادة توزيع الغرف لتخصيص فضاءات منفصلة تقفل للنساء الوحيدات والأسر، مع مدخل لا يمر عبر فضاءات الرجال.",
            "Reorganise rooms to give single women and families separate, lockable spaces, with access that does not cross men's areas.",
        ),
    ),
    (
        "PRO-03", "protection", 3, True, True, [],
        "IASC Guidelines for Integrating Gender-Based Violence Interventions in Humanitarian Action (2015)",
        (
            "Les risques de violences basées sur le genre sont-ils réduits (audit de sécurité, éclairage des trajets, personnel féminin, orientation confidentielle des survivantes vers des services) ?",
            "هل يتم الحد من مخاطر العنف القائم على النوع الاجتماعي (تدقيق أمني، إنارة المسارات، موظفات، توجيه سري للناجيات نحو الخدمات)؟",
            "Are gender-based violence risks mitigated (safety audit, lit routes, female staff, confidential referral of survivors to services)?",
        ),
        (
            "0 : zones à risque connues sans mesure, aucune orientation ; 1 : mesures ponctuelles ; 2 : éclairage et personnel féminin mais pas de circuit d'orientation ; 3 : audit réalisé, mesures en place, circuit d'orientation connu du personnel.",
            "0: مناطق خطر معروفة دون إجراءات ولا توجيه؛ 1: إجراءات ظرفية؛ 2: إنارة وموظفات لكن دون مسار توجيه؛ 3: تدقيق منجز وإجراءات قائمة ومسار توجيه يعرفه الموظفون.",
            "0: known risk areas with no measures, no referral; 1: occasional measures; 2: lighting and female staff but no referral pathway; 3: audit done, measures in place, referral pathway known to staff.",
        ),
        (
            "Réaliser un audit de sécurité avec des femmes résidentes, éclairer les zones à risque, assurer une présence féminine et former le personnel au circuit d'orientation des survivantes.",
            "إجراء تدقيق أمني بمشاركة مقيمات، وإنارة المناطق الخطرة، وضمان حضور نسائي، وتدريب الموظفين على مسار توجيه الناجيات.",
            "Carry out a safety audit with women residents, light the risk areas, ensure a female presence and train staff in the survivors' referral pathway.",
        ),
    ),
    (
        "PRO-04", "protection", 3, True, False, WITH_CHILDREN,
        "Child Protection Minimum Standards (CPMS) 2019; Keeping Children Safe standards (child safeguarding)",
        (
            "Une politique de protection de l'enfance existe-t-elle, avec un code de conduite signé par chaque membre du personnel et bénévole, un référent et une procédure de signalement ?",
            "هل توجد سياسة لحماية الطفل، مع مدونة سلوك يوقعها كل موظف ومتطوع، ومرجع، ومسطرة للتبليغ؟",
            "Is there a child safeguarding policy, with a code of conduct signed by every staff member and volunteer, a focal point and a reporting procedure?",
        ),
        (
            "Demandez à voir la politique et les codes signés. 0 : rien ; 1 : document non connu du personnel ; 2 : politique et codes signés mais sans référent ; 3 : complet et le personnel sait comment signaler.",
            "اطلب الاطلاع على السياسة والمدونات الموقعة. 0: لا شيء؛ 1: وثيقة لا يعرفها الموظفون؛ 2: سياسة ومدونات موقعة دون مرجع؛ 3: كل شيء مكتمل ويعرف الموظفون كيفية التبليغ.",
            "Ask to see the policy and signed codes. 0: nothing; 1: a document staff do not know; 2: policy and signed codes but no focal point; 3: complete and staff know how to report.",
        ),
        (
            "Adopter une politique de protection de l'enfance, faire signer le code de conduite à tous, désigner un référent et afficher la procédure de signalement.",
            "اعتماد سياسة لحماية الطفل، وتوقيع الجميع على مدونة السلوك، وتعيين مرجع، وتعليق مسطرة التبليغ.",
            "Adopt a child safeguarding policy, have everyone sign the code of conduct, appoint a focal point and post the reporting procedure.",
        ),
    ),
    (
        "PRO-05", "protection", 3, True, False, RESIDENTIAL,
        "Child Protection Minimum Standards (CPMS) 2019, standard 13: unaccompanied and separated children",
        (
            "Les enfants non accompagnés ou séparés sont-ils hébergés à l'écart des adultes sans lien avec eux et orientés vers les services de protection de l'enfance ?",
            "هل يتم إيواء الأطفال غير المصحوبين أو المنفصلين عن ذويهم بعيدا عن البالغين الذين لا تربطهم بهم صلة، وتوجيههم نحو خدمات حماية الطفولة؟",
            "Are unaccompanied or separated children accommodated apart from unrelated adults and referred to child protection services?",
        ),
        (
            "0 : enfants non accompagnés dormant avec des adultes sans lien ; 2 : espace séparé mais sans orientation ; 3 : espace séparé, surveillé, et orientation systématique avec suivi de l'intérêt supérieur.",
            "0: أطفال غير مصحوبين ينامون مع بالغين لا صلة لهم بهم؛ 2: فضاء منفصل دون توجيه؛ 3: فضاء منفصل ومراقب وتوجيه منتظم مع تتبع المصلحة الفضلى.",
            "0: unaccompanied children sleeping with unrelated adults; 2: a separate space but no referral; 3: a separate, supervised space and systematic referral with best-interests follow-up.",
        ),
        (
            "Aménager un espace réservé et surveillé pour les enfants non accompagnés, et les orienter sans délai vers les services de protection de l'enfance pour une évaluation de leur intérêt supérieur.",
            "تهيئة فضاء مخصص ومراقب للأطفال غير المصحوبين، وتوجيههم دون تأخير إلى خدمات حماية الطفولة لتقييم مصلحتهم الفضلى.",
            "Set aside a supervised space for unaccompanied children and refer them without delay to child protection services for a best-interests assessment.",
        ),
    ),
    (
        "PRO-06", "protection", 1, False, True, WITH_CHILDREN,
        "Child Protection Minimum Standards (CPMS) 2019, child-friendly spaces; EUAA Guidance on reception conditions, leisure for children",
        (
            "Existe-t-il un espace ami des enfants, sûr, équipé et animé par du personnel formé ?",
            "هل يوجد فضاء صديق للأطفال، آمن ومجهز ويشرف عليه موظفون مدربون؟",
            "Is there a child-friendly space, safe, equipped and run by trained staff?",
        ),
        (
            "0 : aucun espace pour les enfants ; 2 : espace équipé sans animation régulière ; 3 : espace sûr, jeux adaptés à l'âge, activités régulières encadrées.",
            "0: لا فضاء للأطفال؛ 2: فضاء مجهز دون تنشيط منتظم؛ 3: فضاء آمن وألعاب تناسب الأعمار وأنشطة منتظمة مؤطرة.",
            "0: no space for children; 2: an equipped space without regular activities; 3: a safe space, age-appropriate play, regular supervised activities.",
        ),
        (
            "Aménager un espace ami des enfants, l'équiper de jeux adaptés et planifier des activités animées par du personnel formé.",
            "تهيئة فضاء صديق للأطفال وتجهيزه بألعاب مناسبة وبرمجة أنشطة يؤطرها موظفون مدربون.",
            "Fit out a child-friendly space with suitable toys and schedule activities led by trained staff.",
        ),
    ),
    (
        "PRO-07", "protection", 2, False, False, [],
        "EUAA Guidance on reception conditions, complaint mechanism; IASC commitments on accountability to affected people",
        (
            "Un mécanisme de plainte et de retour confidentiel, multilingue et connu des résidents existe-t-il, avec des réponses suivies ?",
            "هل توجد آلية سرية للشكايات والملاحظات، متعددة اللغات ومعروفة لدى المقيمين، مع تتبع الردود؟",
            "Is there a confidential, multilingual complaint and feedback mechanism that residents know, with tracked responses?",
        ),
        (
            "1 : plaintes orales au responsable seulement ; 2 : boîte ou numéro mais sans suivi ; 3 : plusieurs canaux dont un anonyme, registre des plaintes et réponses dans un délai fixé.",
            "1: شكايات شفهية للمسؤول فقط؛ 2: صندوق أو رقم دون متابعة؛ 3: عدة قنوات منها قناة مجهولة الهوية، وسجل للشكايات، وردود في أجل محدد.",
            "1: oral complaints to the manager only; 2: a box or number with no follow-up; 3: several channels including an anonymous one, a complaints log and responses within a set time.",
        ),
        (
            "Mettre en place une boîte à plaintes et une ligne téléphonique, informer les résidents dans leurs langues et tenir un registre des plaintes avec délai de réponse.",
            "وضع صندوق للشكايات وخط هاتفي، وإخبار المقيمين بلغاتهم، ومسك سجل للشكايات مع أجل للرد.",
            "Set up a complaints box and phone line, inform residents in their languages and keep a complaints log with response times.",
        ),
    ),
    (
        "PRO-08", "protection", 2, False, False, [],
        "IASC Six Core Principles relating to Sexual Exploitation and Abuse (2019)",
        (
            "Le personnel est-il formé à la prévention de l'exploitation et des abus sexuels (PEAS), avec un code de conduite signé et un canal de signalement ?",
            "هل تلقى الموظفون تكوينا في الوقاية من الاستغلال والاعتداء الجنسيين، مع مدونة سلوك موقعة وقناة للتبليغ؟",
            "Are staff trained in preventing sexual exploitation and abuse (PSEA), with a signed code of conduct and a reporting channel?",
        ),
        (
            "3 : tout le personnel formé dans l'année, code signé, canal de signalement connu des résidents et du personnel.",
            "3: جميع الموظفين مكوَّنون خلال السنة، المدونة موقعة، وقناة التبليغ معروفة لدى المقيمين والموظفين.",
            "3: all staff trained within the year, code signed, reporting channel known to residents and staff.",
        ),
        (
            "Former tout le personnel à la PEAS, faire signer le code de conduite et faire connaître aux résidents un canal de signalement sûr.",
            "تكوين جميع الموظفين في الوقاية من الاستغلال والاعتداء الجنسيين، وتوقيع مدونة السلوك، وتعريف المقيمين بقناة تبليغ آمنة.",
            "Train all staff in PSEA, have the code of conduct signed and make a safe reporting channel known to residents.",
        ),
    ),
    (
        "PRO-09", "protection", 1, False, False, [],
        "IOM Data Protection Principles; EUAA Guidance on reception conditions, confidentiality",
        (
            "Les dossiers individuels sont-ils confidentiels (rangés sous clé, accès limité, consentement recueilli avant tout partage) ?",
            "هل الملفات الفردية سرية (محفوظة تحت القفل، الولوج محدود، والموافقة قبل أي تقاسم)؟",
            "Are individual files confidential (locked away, restricted access, consent obtained before any sharing)?",
        ),
        (
            "0 : dossiers accessibles à tous ; 2 : rangés sous clé mais partage sans consentement ; 3 : accès restreint, consentement écrit, fichiers numériques protégés par mot de passe.",
            "0: ملفات في متناول الجميع؛ 2: محفوظة تحت القفل لكن التقاسم دون موافقة؛ 3: ولوج محدود، وموافقة كتابية، وملفات رقمية محمية بكلمة سر.",
            "0: files open to anyone; 2: locked away but shared without consent; 3: restricted access, written consent, digital files password-protected.",
        ),
        (
            "Ranger les dossiers sous clé, limiter l'accès aux personnes habilitées, recueillir le consentement écrit et protéger les fichiers numériques.",
            "حفظ الملفات تحت القفل، وحصر الولوج في الأشخاص المؤهلين، والحصول على الموافقة الكتابية، وحماية الملفات الرقمية.",
            "Lock files away, restrict access to authorised people, obtain written consent and protect digital files.",
        ),
    ),
    (
        "PRO-10", "protection", 2, False, False, [],
        "IOM Handbook on Protection and Assistance for Migrants Vulnerable to Violence, Exploitation and Abuse (2019)",
        (
            "Des circuits d'orientation vers les services spécialisés (victimes de traite, violences, santé, aide juridique) sont-ils connus, à jour et utilisés ?",
            "هل مسارات التوجيه نحو الخدمات المتخصصة (ضحايا الاتجار، العنف، الصحة، المساعدة القانونية) معروفة ومحينة ومستعملة؟",
            "Are referral pathways to specialised services (trafficking victims, violence, health, legal aid) known, up to date and used?",
        ),
        (
            "1 : contacts informels ; 2 : liste de contacts à jour ; 3 : circuits écrits, fiches d'orientation utilisées et suivi des personnes orientées.",
            "1: اتصالات غير رسمية؛ 2: لائحة اتصالات محينة؛ 3: مسارات مكتوبة، واستعمال بطاقات التوجيه، وتتبع الأشخاص الموجهين.",
            "1: informal contacts; 2: an up-to-date contact list; 3: written pathways, referral forms in use and follow-up of referred people.",
        ),
        (
            "Formaliser les circuits d'orientation avec les partenaires locaux, utiliser une fiche d'orientation commune et suivre chaque orientation (module d'orientation de Manara).",
            "إضفاء الطابع الرسمي على مسارات التوجيه مع الشركاء المحليين، واستعمال بطاقة توجيه موحدة، وتتبع كل توجيه (وحدة التوجيه في منارة).",
            "Formalise referral pathways with local partners, use a common referral form and follow up every referral (Manara's referral module).",
        ),
    ),
    (
        "PRO-11", "protection", 1, False, False, [],
        "EUAA Guidance on reception conditions, staff training; WHO Psychological First Aid guide (2011)",
        (
            "Le personnel est-il formé à la protection, à la non-discrimination et aux premiers secours psychologiques, et le règlement intérieur est-il affiché et expliqué ?",
            "هل تلقى الموظفون تكوينا في الحماية وعدم التمييز والإسعافات النفسية الأولية، وهل النظام الداخلي معلق ومشروح؟",
            "Are staff trained in protection, non-discrimination and psychological first aid, and are the house rules posted and explained?",
        ),
        (
            "3 : plus des trois quarts du personnel formés dans les deux dernières années ; règlement affiché en plusieurs langues et expliqué à l'arrivée.",
            "3: أكثر من ثلاثة أرباع الموظفين مكوَّنون خلال السنتين الأخيرتين؛ والنظام الداخلي معلق بعدة لغات ومشروح عند الوصول.",
            "3: over three quarters of staff trained in the last two years; house rules posted in several languages and explained on arrival.",
        ),
        (
            "Planifier des formations en protection et premiers secours psychologiques pour tout le personnel, et afficher un règlement intérieur clair et multilingue.",
            "برمجة تكوينات في الحماية والإسعافات النفسية الأولية لجميع الموظفين، وتعليق نظام داخلي واضح ومتعدد اللغات.",
            "Schedule protection and psychological first aid training for all staff, and post clear multilingual house rules.",
        ),
    ),
]


def load_default_framework(apps, schema_editor):
    Framework = apps.get_model("assessments", "Framework")
    Criterion = apps.get_model("assessments", "Criterion")
    framework = Framework.objects.create(
        name=NAME,
        version=VERSION,
        status="published",
        published_at=timezone.now(),
        description=(
            "Cadre par défaut de Manara : 44 critères sur l'accessibilité et l'inclusivité, la "
            "sécurité, les services disponibles et les mécanismes de protection, tirés des "
            "standards Sphere, EUAA, HCR, ISO 21542, CPMS et IASC."
        ),
    )
    Criterion.objects.bulk_create(
        Criterion(
            framework=framework,
            code=code,
            dimension=dimension,
            order=order,
            weight=weight,
            is_critical=critical,
            photo_useful=photo,
            facility_kinds=kinds,
            standard=standard,
            question_fr=question[0],
            question_ar=question[1],
            question_en=question[2],
            guidance_fr=guidance[0],
            guidance_ar=guidance[1],
            guidance_en=guidance[2],
            recommendation_fr=recommendation[0],
            recommendation_ar=recommendation[1],
            recommendation_en=recommendation[2],
        )
        for order, (
            code,
            dimension,
            weight,
            critical,
            photo,
            kinds,
            standard,
            question,
            guidance,
            recommendation,
        ) in enumerate(CRITERIA, start=1)
    )


def remove_default_framework(apps, schema_editor):
    Framework = apps.get_model("assessments", "Framework")
    Framework.objects.filter(name=NAME, version=VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load_default_framework, remove_default_framework)]
