"""Load the service taxonomy shared by facilities and referrals, and the target groups.

The categories follow the design's list (health, MHPSS, legal aid, shelter, food, NFI, education,
vocational training, employment, income generation, documentation, family tracing, protection
case management, GBV, child protection) plus information, WASH and interpretation, which the
reception standards ask about.
"""

from django.db import migrations

# code, French, Arabic, English
SERVICE_CATEGORIES = [
    ("health", "Santé", "الصحة", "Health"),
    (
        "mhpss",
        "Santé mentale et soutien psychosocial",
        "الصحة النفسية والدعم النفسي والاجتماعي",
        "Mental health and psychosocial support",
    ),
    ("legal_aid", "Aide juridique", "المساعدة القانونية", "Legal aid"),
    ("shelter", "Hébergement", "الإيواء", "Shelter"),
    ("food", "Alimentation", "الغذاء", "Food"),
    ("non_food_items", "Articles non alimentaires", "المواد غير الغذائية", "Non-food items"),
    ("education", "Éducation", "التعليم", "Education"),
    ("vocational_training", "Formation professionnelle", "التكوين المهني", "Vocational training"),
    ("employment", "Emploi", "التشغيل", "Employment"),
    (
        "income_generation",
        "Activités génératrices de revenus",
        "الأنشطة المدرة للدخل",
        "Income-generating activities",
    ),
    (
        "documentation",
        "Documentation et état civil",
        "الوثائق والحالة المدنية",
        "Documentation and civil status",
    ),
    ("family_tracing", "Recherche familiale", "البحث عن الأسر", "Family tracing"),
    (
        "case_management",
        "Gestion des cas de protection",
        "تدبير حالات الحماية",
        "Protection case management",
    ),
    (
        "gbv",
        "Violences basées sur le genre",
        "العنف القائم على النوع الاجتماعي",
        "Gender-based violence",
    ),
    ("child_protection", "Protection de l'enfance", "حماية الطفولة", "Child protection"),
    ("information", "Information et orientation", "الإرشاد والتوجيه", "Information and orientation"),
    (
        "wash",
        "Eau, hygiène et assainissement",
        "الماء والنظافة والصرف الصحي",
        "Water, sanitation and hygiene",
    ),
    ("interpretation", "Interprétation", "الترجمة الشفوية", "Interpretation"),
]

# code, French, Arabic, English, counts as a vulnerable group for prioritisation
TARGET_GROUPS = [
    ("women", "Femmes", "النساء", "Women", True),
    ("men", "Hommes", "الرجال", "Men", False),
    ("children", "Enfants", "الأطفال", "Children", True),
    (
        "unaccompanied_minors",
        "Mineurs non accompagnés",
        "القاصرون غير المصحوبين",
        "Unaccompanied minors",
        True,
    ),
    ("families", "Familles", "الأسر", "Families", True),
    ("youth", "Jeunes", "الشباب", "Young people", False),
    ("elderly", "Personnes âgées", "المسنون", "Older people", True),
    (
        "disability",
        "Personnes en situation de handicap",
        "الأشخاص في وضعية إعاقة",
        "People with disabilities",
        True,
    ),
    ("gbv_survivors", "Survivantes de violences", "الناجيات من العنف", "Survivors of violence", True),
    ("returnees", "Migrants de retour", "المهاجرون العائدون", "Returning migrants", False),
]


def load(apps, schema_editor):
    ServiceCategory = apps.get_model("facilities", "ServiceCategory")
    TargetGroup = apps.get_model("facilities", "TargetGroup")
    for order, (code, fr, ar, en) in enumerate(SERVICE_CATEGORIES, start=1):
        ServiceCategory.objects.update_or_create(
            code=code, defaults={"name_fr": fr, "name_ar": ar, "name_en": en, "order": order}
        )
    for order, (code, fr, ar, en, vulnerable) in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.update_or_create(
            code=code,
            defaults={
                "name_fr": fr,
                "name_ar": ar,
                "name_en": en,
                "is_vulnerable": vulnerable,
                "order": order,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("facilities", "ServiceCategory").objects.filter(
        code__in=[row[0] for row in SERVICE_CATEGORIES]
    ).delete()
    apps.get_model("facilities", "TargetGroup").objects.filter(
        code__in=[row[0] for row in TARGET_GROUPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("facilities", "0002_morocco_regions_provinces")]
    operations = [migrations.RunPython(load, unload)]
