"""The first content of the "how to get help" page: Morocco's emergency numbers and five sections.

An admin changes them in the back office afterwards; this migration only fills empty tables, so
that a new installation does not show an empty help page. The numbers are the national ones:
19 police (towns), 177 Royal Gendarmerie (countryside), 15 Civil Protection (fire, ambulance),
112 from a mobile phone.
"""

from django.db import migrations

NUMBERS = [
    (
        "19",
        ("Police", "الشرطة", "Police"),
        (
            "Danger, violence ou vol, en ville",
            "خطر أو عنف أو سرقة، داخل المدينة",
            "Danger, violence or theft, in a town",
        ),
    ),
    (
        "177",
        ("Gendarmerie royale", "الدرك الملكي", "Royal Gendarmerie"),
        (
            "Danger, violence ou accident, hors des villes",
            "خطر أو عنف أو حادث، خارج المدن",
            "Danger, violence or an accident, outside towns",
        ),
    ),
    (
        "15",
        ("Protection civile", "الوقاية المدنية", "Civil Protection"),
        (
            "Incendie, accident, malaise grave : pompiers et ambulance",
            "حريق أو حادث أو وعكة صحية خطيرة: رجال الإطفاء والإسعاف",
            "Fire, accident, serious illness: fire brigade and ambulance",
        ),
    ),
    (
        "112",
        ("Numéro d’urgence", "رقم الطوارئ", "Emergency number"),
        (
            "Depuis un téléphone portable, même sans crédit",
            "من الهاتف المحمول، حتى بدون رصيد",
            "From a mobile phone, even without credit",
        ),
    ),
]

SECTIONS = [
    (
        (
            "En cas d’urgence",
            "في حالة الطوارئ",
            "In an emergency",
        ),
        (
            "Si vous ou une personne près de vous êtes en danger, appelez l’un des numéros "
            "d’urgence de cette page. L’appel est gratuit.",
            "إذا كنت أنت أو شخص بالقرب منك في خطر، اتصل بأحد أرقام الطوارئ في هذه الصفحة. "
            "المكالمة مجانية.",
            "If you or someone near you is in danger, call one of the emergency numbers on "
            "this page. The call is free.",
        ),
    ),
    (
        (
            "Trouver un lieu qui peut vous aider",
            "العثور على مكان يمكنه مساعدتك",
            "Find a place that can help you",
        ),
        (
            "L’annuaire liste les centres d’accueil, les espaces d’écoute et les services "
            "de santé ouverts aux personnes migrantes. Cherchez par ville, par service ou "
            "selon votre situation (femme, enfant, famille…).\n\n"
            "La page de chaque lieu donne son téléphone, ses horaires et le chemin pour y aller. "
            "Appelez avant de vous déplacer quand vous le pouvez.",
            "يضم الدليل مراكز الاستقبال وفضاءات الاستماع والخدمات الصحية المفتوحة للمهاجرين. "
            "ابحث حسب المدينة أو الخدمة أو حسب وضعك (امرأة، طفل، أسرة…).\n\n"
            "تعرض صفحة كل مكان رقم هاتفه وأوقات عمله وطريق الوصول إليه. "
            "اتصل قبل التنقل كلما استطعت.",
            "The directory lists the reception centres, listening spaces and health services "
            "open to migrants. Search by town, by service or by your situation (woman, child, "
            "family…).\n\n"
            "Each place’s page gives its phone number, its opening hours and how to get there. "
            "Call before you go when you can.",
        ),
    ),
    (
        (
            "Soins de santé",
            "العلاج والرعاية الصحية",
            "Health care",
        ),
        (
            "En cas d’urgence médicale, allez aux urgences de l’hôpital le plus proche ou "
            "appelez le 15. Les lieux de l’annuaire qui proposent des soins peuvent aussi vous "
            "conseiller et vous orienter.",
            "في حالة طارئة صحية، توجه إلى قسم المستعجلات في أقرب مستشفى "
            "أو اتصل بالرقم 15. "
            "يمكن للأماكن التي تقدم العلاج في الدليل أن تنصحك وتوجهك أيضاً.",
            "In a medical emergency, go to the emergency department of the nearest hospital or "
            "call 15. The places in the directory that offer health care can also advise you "
            "and tell you where to go.",
        ),
    ),
    (
        (
            "Rentrer dans votre pays",
            "العودة إلى بلدك",
            "Going back to your country",
        ),
        (
            "Si vous souhaitez rentrer dans votre pays d’origine, l’OIM peut vous informer sur "
            "le retour volontaire assisté. Demandez-le dans l’un des lieux de l’annuaire.",
            "إذا كنت ترغب في العودة إلى بلدك الأصلي، يمكن للمنظمة الدولية للهجرة أن تخبرك "
            "ببرنامج العودة الطوعية المساعدة. اسأل عنه في أحد الأماكن المذكورة في الدليل.",
            "If you want to go back to your country of origin, IOM can tell you about assisted "
            "voluntary return. Ask at one of the places in the directory.",
        ),
    ),
    (
        (
            "Vos informations",
            "معلوماتك",
            "Your information",
        ),
        (
            "Ce site ne vous demande pas qui vous êtes et ne garde aucune information sur vous.",
            "لا يطلب منك هذا الموقع هويتك ولا يحتفظ بأي معلومات عنك.",
            "This site does not ask who you are and keeps no information about you.",
        ),
    ),
]


def add_help_content(apps, schema_editor):
    EmergencyNumber = apps.get_model("directory", "EmergencyNumber")
    HelpSection = apps.get_model("directory", "HelpSection")
    if not EmergencyNumber.objects.exists():
        EmergencyNumber.objects.bulk_create(
            EmergencyNumber(
                number=number,
                name_fr=names[0],
                name_ar=names[1],
                name_en=names[2],
                when_fr=when[0],
                when_ar=when[1],
                when_en=when[2],
                order=index * 10,
            )
            for index, (number, names, when) in enumerate(NUMBERS, start=1)
        )
    if not HelpSection.objects.exists():
        HelpSection.objects.bulk_create(
            HelpSection(
                title_fr=title[0],
                title_ar=title[1],
                title_en=title[2],
                body_fr=body[0],
                body_ar=body[1],
                body_en=body[2],
                order=index * 10,
            )
            for index, (title, body) in enumerate(SECTIONS, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(add_help_content, migrations.RunPython.noop)]
