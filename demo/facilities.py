"""Demonstration data: IOM Morocco's partners, 40-odd plausible facilities and one user per role.

The organisations and facilities are fictional (apart from public institutions such as Entraide
Nationale) but placed in real towns, with the provinces and service codes loaded by the
migrations. `demo.synthetic_facilities` adds thousands of generated rows for load tests.
"""

import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from accounts.models import Organisation, User
from facilities.models import Facility, Province, Region, ServiceCategory, TargetGroup

from .facility_names import DEMO_NAMES

ALL_REGIONS = "all"

# key: name, acronym, kind, HCP codes of the regions covered, phone, email
ORGANISATIONS = {
    "iom": ("OIM Maroc", "OIM", Organisation.Kind.IOM, ALL_REGIONS, "", ""),
    "entraide": ("Entraide Nationale", "EN", Organisation.Kind.GOVERNMENT, ALL_REGIONS, "", ""),
    "council": (
        "Conseil de la Région de l'Oriental",
        "CRO",
        Organisation.Kind.GOVERNMENT,
        ["02"],
        "",
        "",
    ),
    "ngo_a": (
        "Association Bab Charq pour l'Accueil et la Solidarité",
        "ABCAS",
        Organisation.Kind.NGO,
        ["02", "03"],
        "+212 536-704512",
        "contact@babcharq.example.org",
    ),
    "ngo_b": (
        "Association Tafoukt Souss pour l'Entraide",
        "ATSE",
        Organisation.Kind.NGO,
        ["09", "10", "11"],
        "+212 528-218734",
        "contact@tafoukt-souss.example.org",
    ),
    "ngo_c": (
        "Association Horizons Anfa pour l'Inclusion",
        "AHAI",
        Organisation.Kind.NGO,
        ["04", "06"],
        "+212 522-473190",
        "contact@horizons-anfa.example.org",
    ),
    "ngo_d": (
        "Association Tadla Retour et Insertion",
        "ATRI",
        Organisation.Kind.NGO,
        ["05", "06"],
        "+212 523-481266",
        "contact@tadla-retour.example.org",
    ),
    "ngo_e": (
        "Association Boughaz Enfance et Protection",
        "ABEP",
        Organisation.Kind.NGO,
        ["01"],
        "+212 539-330957",
        "contact@boughaz-enfance.example.org",
    ),
    "ngo_f": (
        "Collectif Sahel Atlas pour la Santé des Migrants",
        "CSASM",
        Organisation.Kind.NGO,
        ["02", "03", "04", "06", "07"],
        "+212 537-686421",
        "contact@sahel-atlas.example.org",
    ),
}

# username, role, organisation key, first name, last name
DEMO_USERS = [
    ("admin", User.Role.ADMIN, "iom", "Nadia", "Alaoui"),
    ("iom", User.Role.IOM_STAFF, "iom", "Youssef", "Benali"),
    ("partner1", User.Role.PARTNER, "ngo_a", "Karim", "Ziani"),
    ("partner2", User.Role.PARTNER, "ngo_b", "Aïcha", "Oubrahim"),
    ("viewer", User.Role.VIEWER, "council", "Samir", "Haddou"),
    ("council", User.Role.VIEWER, "council", "Salma", "Idrissi"),
]

# key: commune, HCP code of its province or prefecture, latitude, longitude, landline prefix,
# postal code of the town centre
TOWNS = {
    "oujda": ("Oujda", "411", "34.6814", "-1.9086", "536", "60000"),
    "nador": ("Nador", "381", "35.1681", "-2.9335", "536", "62000"),
    "berkane": ("Berkane", "113", "34.9200", "-2.3200", "536", "63300"),
    "taourirt": ("Taourirt", "533", "34.4073", "-2.8973", "536", "65800"),
    "figuig": ("Figuig", "251", "32.1091", "-1.2290", "536", "61000"),
    "casablanca": ("Casablanca", "141", "33.5731", "-7.5898", "522", "20000"),
    "mohammedia": ("Mohammédia", "371", "33.6866", "-7.3830", "523", "28800"),
    "settat": ("Settat", "461", "33.0010", "-7.6166", "523", "26000"),
    "el_jadida": ("El Jadida", "181", "33.2541", "-8.5060", "523", "24000"),
    "beni_mellal": ("Béni Mellal", "091", "32.3373", "-6.3498", "523", "23000"),
    "khouribga": ("Khouribga", "311", "32.8811", "-6.9063", "523", "25000"),
    "fquih_ben_salah": ("Fquih Ben Salah", "255", "32.5016", "-6.6880", "523", "23200"),
    "khenifra": ("Khénifra", "301", "32.9350", "-5.6680", "535", "54000"),
    "azilal": ("Azilal", "081", "31.9610", "-6.5710", "523", "22000"),
    "agadir": ("Agadir", "001", "30.4202", "-9.5982", "528", "80000"),
    "inezgane": ("Inezgane", "273", "30.3550", "-9.5360", "528", "86350"),
    "ait_melloul": ("Aït Melloul", "273", "30.3342", "-9.4972", "528", "86150"),
    "tiznit": ("Tiznit", "581", "29.6974", "-9.7316", "528", "85000"),
    "taroudant": ("Taroudant", "541", "30.4703", "-8.8770", "528", "83000"),
    "tanger": ("Tanger", "511", "35.7595", "-5.8340", "539", "90000"),
    "tetouan": ("Tétouan", "571", "35.5711", "-5.3724", "539", "93000"),
    "fnideq": ("Fnideq", "573", "35.8490", "-5.3570", "539", "93100"),
    "al_hoceima": ("Al Hoceïma", "051", "35.2472", "-3.9322", "539", "32000"),
    "rabat": ("Rabat", "421", "34.0209", "-6.8416", "537", "10000"),
    "sale": ("Salé", "441", "34.0531", "-6.7985", "537", "11000"),
    "temara": ("Témara", "501", "33.9287", "-6.9066", "537", "12000"),
    "kenitra": ("Kénitra", "281", "34.2610", "-6.5802", "537", "14000"),
    "fes": ("Fès", "231", "34.0331", "-5.0003", "535", "30000"),
    "meknes": ("Meknès", "061", "33.8935", "-5.5473", "535", "50000"),
    "marrakech": ("Marrakech", "351", "31.6295", "-7.9811", "524", "40000"),
    "errachidia": ("Errachidia", "201", "31.9314", "-4.4244", "535", "52000"),
    "guelmim": ("Guelmim", "261", "28.9870", "-10.0574", "528", "81000"),
    "laayoune": ("Laâyoune", "321", "27.1536", "-13.2033", "528", "70000"),
    "dakhla": ("Dakhla", "391", "23.6848", "-15.9580", "528", "73000"),
}

OPENING_HOURS = {
    "weekdays": (
        "Du lundi au vendredi, de 8h30 à 16h30",
        "من الاثنين إلى الجمعة، من 8:30 إلى 16:30",
        "Monday to Friday, 8:30 am to 4:30 pm",
    ),
    "six_days": (
        "Du lundi au samedi, de 9h à 18h",
        "من الاثنين إلى السبت، من 9:00 إلى 18:00",
        "Monday to Saturday, 9 am to 6 pm",
    ),
    "always": (
        "Ouvert 24 h/24, 7 j/7",
        "مفتوح 24 ساعة على 24 طيلة أيام الأسبوع",
        "Open 24 hours a day, 7 days a week",
    ),
    "mornings": (
        "Du lundi au vendredi, de 9h à 13h ; l'après-midi sur rendez-vous",
        "من الاثنين إلى الجمعة، من 9:00 إلى 13:00؛ بعد الزوال بموعد مسبق",
        "Monday to Friday, 9 am to 1 pm; afternoons by appointment",
    ),
}

ACCESS_CONDITIONS = {
    "open": (
        "Accueil sans rendez-vous, quels que soient la nationalité et le statut administratif. "
        "Aucun document n'est exigé.",
        "استقبال دون موعد، كيفما كانت الجنسية أو الوضعية الإدارية. لا تُطلب أي وثيقة.",
        "Walk in without an appointment, whatever your nationality or legal status. "
        "No document is required.",
    ),
    "referral": (
        "Admission sur orientation d'un partenaire (OIM, Entraide Nationale, association) ou "
        "après un entretien d'accueil. Séjour de 15 jours, renouvelable.",
        "القبول بتوجيه من شريك (المنظمة الدولية للهجرة، التعاون الوطني، جمعية) أو بعد مقابلة "
        "استقبال. مدة الإقامة 15 يوماً قابلة للتجديد.",
        "Admission on referral by a partner (IOM, Entraide Nationale, an association) or after "
        "a reception interview. Stays of 15 days, renewable.",
    ),
    "women": (
        "Réservé aux femmes, seules ou avec leurs enfants. L'adresse est communiquée par "
        "téléphone pour la sécurité des résidentes.",
        "مخصص للنساء، وحيدات أو مع أطفالهن. يُبلَّغ العنوان عبر الهاتف حفاظاً على سلامة المقيمات.",
        "Women only, alone or with their children. The address is given by phone for the "
        "residents' safety.",
    ),
    "minors": (
        "Mineurs non accompagnés orientés par le parquet, la police ou les services sociaux. "
        "Admission d'urgence possible la nuit.",
        "القاصرون غير المصحوبين الموجَّهون من طرف النيابة العامة أو الشرطة أو المصالح "
        "الاجتماعية. يمكن القبول الاستعجالي ليلاً.",
        "Unaccompanied minors referred by the public prosecutor, the police or social services. "
        "Emergency admission at night is possible.",
    ),
    "health": (
        "Consultations gratuites, avec ou sans papiers d'identité. Interprète sur demande.",
        "استشارات مجانية، بوثائق الهوية أو بدونها. مترجم عند الطلب.",
        "Free consultations, with or without identity papers. An interpreter on request.",
    ),
    "returnees": (
        "Marocains de retour et leurs familles, orientés par l'OIM ou venus d'eux-mêmes. "
        "Premier rendez-vous par téléphone.",
        "المغاربة العائدون وأسرهم، الموجَّهون من طرف المنظمة الدولية للهجرة أو القادمون من "
        "تلقاء أنفسهم. الموعد الأول عبر الهاتف.",
        "Returning Moroccans and their families, referred by IOM or coming on their own. "
        "First appointment by phone.",
    ),
    "programme": (
        "Inscription aux activités à l'accueil, avec une pièce d'identité ou une attestation "
        "d'une association.",
        "التسجيل في الأنشطة لدى مكتب الاستقبال، بوثيقة هوية أو شهادة من جمعية.",
        "Sign up for activities at the front desk with an identity document or a letter from "
        "an association.",
    ),
}


@dataclass(frozen=True)
class Profile:
    """What a kind of facility usually offers: groups, services, access and public description."""

    target_groups: tuple[str, ...]
    services: tuple[str, ...]
    access: str
    description: tuple[str, str, str]


PROFILES = {
    "reception_centre": Profile(
        ("men", "women", "children", "families"),
        ("shelter", "food", "non_food_items", "health", "information", "legal_aid", "wash"),
        "referral",
        (
            "Premier accueil des personnes migrantes : hébergement temporaire, repas, soins de "
            "base, information sur les droits et orientation vers les services spécialisés.",
            "الاستقبال الأولي للأشخاص المهاجرين: إيواء مؤقت، وجبات، علاجات أساسية، معلومات حول "
            "الحقوق وتوجيه نحو الخدمات المتخصصة.",
            "First reception of migrants: temporary shelter, meals, basic care, information on "
            "rights and referral to specialised services.",
        ),
    ),
    "shelter": Profile(
        ("men", "youth"),
        ("shelter", "food", "wash", "non_food_items", "information"),
        "referral",
        (
            "Hébergement temporaire avec repas, douches et kits d'hygiène ; accompagnement vers "
            "les services de santé et d'aide juridique.",
            "إيواء مؤقت مع وجبات وحمّامات وأطقم نظافة؛ ومواكبة نحو الخدمات الصحية والمساعدة "
            "القانونية.",
            "Temporary accommodation with meals, showers and hygiene kits; accompaniment to "
            "health and legal aid services.",
        ),
    ),
    "day_centre": Profile(
        ("men", "women", "youth"),
        ("food", "wash", "non_food_items", "information", "mhpss"),
        "open",
        (
            "Accueil de jour : repas chaud, douches, laverie, écoute et information sur les "
            "services disponibles en ville.",
            "استقبال نهاري: وجبة ساخنة، حمّامات، غسل الملابس، إنصات ومعلومات حول الخدمات "
            "المتوفرة في المدينة.",
            "Day centre: a hot meal, showers, laundry, a listening ear and information on the "
            "services available in town.",
        ),
    ),
    "women_safe_space": Profile(
        ("women", "children", "gbv_survivors"),
        ("shelter", "gbv", "mhpss", "legal_aid", "case_management", "health"),
        "women",
        (
            "Espace sûr pour les femmes et leurs enfants : hébergement protégé, soutien "
            "psychosocial, accompagnement juridique et prise en charge des violences.",
            "فضاء آمن للنساء وأطفالهن: إيواء محمي، دعم نفسي واجتماعي، مواكبة قانونية والتكفل "
            "بضحايا العنف.",
            "A safe space for women and their children: protected accommodation, psychosocial "
            "support, legal accompaniment and care for survivors of violence.",
        ),
    ),
    "child_protection": Profile(
        ("children", "unaccompanied_minors"),
        ("child_protection", "shelter", "education", "mhpss", "family_tracing", "case_management"),
        "minors",
        (
            "Protection des enfants et des mineurs non accompagnés : hébergement, scolarisation, "
            "soutien psychosocial et recherche familiale.",
            "حماية الأطفال والقاصرين غير المصحوبين: إيواء، تمدرس، دعم نفسي واجتماعي والبحث عن "
            "الأسر.",
            "Protection of children and unaccompanied minors: accommodation, schooling, "
            "psychosocial support and family tracing.",
        ),
    ),
    "listening_centre": Profile(
        ("men", "women", "youth"),
        ("information", "mhpss", "legal_aid", "case_management", "documentation"),
        "open",
        (
            "Écoute, information et orientation : aide aux démarches administratives, conseil "
            "juridique et soutien psychosocial.",
            "الإنصات والإخبار والتوجيه: المساعدة في الإجراءات الإدارية، الاستشارة القانونية "
            "والدعم النفسي والاجتماعي.",
            "Listening, information and guidance: help with paperwork, legal advice and "
            "psychosocial support.",
        ),
    ),
    "health_centre": Profile(
        ("women", "men", "children", "disability", "elderly"),
        ("health", "mhpss", "interpretation", "information"),
        "health",
        (
            "Soins de santé primaires, santé maternelle et infantile, vaccination et soutien en "
            "santé mentale, avec interprètes.",
            "علاجات الصحة الأولية، صحة الأم والطفل، التلقيح ودعم الصحة النفسية، بحضور مترجمين.",
            "Primary health care, mother and child health, vaccination and mental health "
            "support, with interpreters.",
        ),
    ),
    "multipurpose": Profile(
        ("women", "youth", "children", "disability", "families"),
        ("vocational_training", "education", "employment", "income_generation", "information"),
        "programme",
        (
            "Centre social ouvert à tous : formation professionnelle, alphabétisation, activités "
            "pour les jeunes et accompagnement vers l'emploi.",
            "مركز اجتماعي مفتوح للجميع: تكوين مهني، محو الأمية، أنشطة للشباب ومواكبة نحو الشغل.",
            "A social centre open to all: vocational training, literacy classes, youth "
            "activities and support towards employment.",
        ),
    ),
    "transit": Profile(
        ("men", "women", "families"),
        ("shelter", "food", "health", "information", "family_tracing", "wash", "documentation"),
        "referral",
        (
            "Hébergement de courte durée des personnes en transit ou en attente d'un retour "
            "volontaire, avec repas, soins et information.",
            "إيواء قصير المدة للأشخاص العابرين أو المنتظرين للعودة الطوعية، مع وجبات وعلاجات "
            "ومعلومات.",
            "Short stays for people in transit or waiting for a voluntary return, with meals, "
            "care and information.",
        ),
    ),
    "returnees": Profile(
        ("returnees", "families", "youth"),
        ("information", "mhpss", "employment", "income_generation", "vocational_training"),
        "returnees",
        (
            "Accompagnement à la réintégration socio-économique des Marocains de retour : "
            "orientation, soutien psychosocial, formation et projets générateurs de revenus.",
            "مواكبة الإدماج السوسيو-اقتصادي للمغاربة العائدين: توجيه، دعم نفسي واجتماعي، تكوين "
            "ومشاريع مدرة للدخل.",
            "Support for the socio-economic reintegration of returning Moroccans: guidance, "
            "psychosocial support, training and income-generating projects.",
        ),
    ),
}

SUB_SAHARAN = ("fr", "en", "wo", "bm", "ff", "ln")


@dataclass(frozen=True)
class DemoFacility:
    """One demonstration facility; the profile (by default its kind) fills in the rest."""

    code: str
    name: str
    kind: str
    organisation: str
    town: str
    capacity: int | None
    occupancy: int | None
    address: str = ""
    owner: str = ""
    mode: str = Facility.ManagementMode.DELEGATED
    status: str = Facility.Status.ACTIVE
    published: bool = True
    hours: str = "weekdays"
    profile: str = ""
    languages: tuple[str, ...] = ("ar", "ary", "fr")
    translated: bool = True
    extra_services: tuple[str, ...] = field(default=())


K = Facility.Kind
S = Facility.Status
DIRECT = Facility.ManagementMode.DIRECT
EN = "Entraide Nationale"
CRO = "Conseil de la Région de l'Oriental"

DEMO_FACILITIES = [
    # Oriental: the eastern border and the Nador coast.
    DemoFacility("DEMO-0001", "Centre d'accueil Bab Charq", K.RECEPTION_CENTRE, "ngo_a", "oujda",
                 60, 48, "Quartier Al Qods, rue 12", EN, languages=("ar", "ary", *SUB_SAHARAN),
                 extra_services=("interpretation",)),
    DemoFacility("DEMO-0002", "Foyer pour femmes Dar Al Hanane", K.WOMEN_SAFE_SPACE, "ngo_a",
                 "oujda", 24, 19, owner=CRO, hours="always", languages=("ar", "ary", "fr", "en")),
    DemoFacility("DEMO-0003", "Espace d'écoute et d'orientation de Nador", K.LISTENING_CENTRE,
                 "ngo_a", "nador", None, None, "Boulevard Al Massira", languages=SUB_SAHARAN),
    DemoFacility("DEMO-0004", "Centre social polyvalent de Berkane", K.MULTIPURPOSE, "entraide",
                 "berkane", 80, 52, "Avenue Mohammed V", EN, DIRECT, hours="six_days"),
    DemoFacility("DEMO-0005", "Unité de protection de l'enfance de Nador", K.CHILD_PROTECTION,
                 "ngo_a", "nador", 20, 14, owner=EN, hours="always"),
    DemoFacility("DEMO-0006", "Centre de transit de Taourirt", K.TRANSIT, "ngo_a", "taourirt",
                 40, 0, owner=CRO, status=S.UNDER_RENOVATION, languages=("ar", "fr", "en")),
    DemoFacility("DEMO-0007", "Centre de santé communautaire Lazaret", K.HEALTH_CENTRE, "ngo_f",
                 "oujda", None, None, "Hay Lazaret", languages=("ar", "ary", "fr", "en", "bm")),
    DemoFacility("DEMO-0008", "Point d'accueil de jour de Figuig", K.DAY_CENTRE, "ngo_a",
                 "figuig", 30, None, owner=CRO, status=S.PLANNED, published=False,
                 translated=False),
    # Casablanca-Settat: the largest city and the returnees of Grand Casablanca.
    DemoFacility("DEMO-0009", "Centre de jour Horizons Anfa", K.DAY_CENTRE, "ngo_c",
                 "casablanca", 50, 41, "Rue Soumaya, Derb Omar", hours="six_days",
                 languages=("ar", "ary", *SUB_SAHARAN)),
    DemoFacility("DEMO-0010", "Maison des femmes de Derb Ghallef", K.WOMEN_SAFE_SPACE, "ngo_c",
                 "casablanca", 18, 16, owner=EN, hours="always"),
    DemoFacility("DEMO-0011", "Centre social polyvalent de Hay Mohammadi", K.MULTIPURPOSE,
                 "entraide", "casablanca", 120, 90, "Boulevard Ali Yaata", EN, DIRECT),
    DemoFacility("DEMO-0012", "Foyer de jeunes de Mohammédia", K.SHELTER, "ngo_c", "mohammedia",
                 30, 27, owner="Commune de Mohammédia", hours="always"),
    DemoFacility("DEMO-0013", "Espace de réintégration de Settat", K.LISTENING_CENTRE, "ngo_d",
                 "settat", None, None, "Avenue Hassan II", profile="returnees"),
    DemoFacility("DEMO-0014", "Centre de santé Sahel Atlas – Casablanca", K.HEALTH_CENTRE,
                 "ngo_f", "casablanca", None, None, "Quartier Maârif", languages=SUB_SAHARAN),
    DemoFacility("DEMO-0015", "Foyer d'hébergement d'urgence d'El Jadida", K.SHELTER, "ngo_c",
                 "el_jadida", 25, 0, owner=EN, status=S.TEMPORARILY_CLOSED, translated=False),
    # Béni Mellal-Khénifra: a region of departures and returns.
    DemoFacility("DEMO-0016", "Centre Tadla pour le retour et l'insertion", K.LISTENING_CENTRE,
                 "ngo_d", "beni_mellal", None, None, "Avenue des FAR", profile="returnees",
                 languages=("ar", "ary", "zgh", "fr", "es")),
    DemoFacility("DEMO-0017", "Centre social polyvalent de Khouribga", K.MULTIPURPOSE,
                 "entraide", "khouribga", 90, 64, owner=EN, mode=DIRECT),
    DemoFacility("DEMO-0018", "Espace jeunesse et emploi de Fquih Ben Salah", K.DAY_CENTRE,
                 "ngo_d", "fquih_ben_salah", 35, 22, profile="returnees", languages=("ar", "ary",
                 "fr", "es")),
    DemoFacility("DEMO-0019", "Foyer d'accueil de Khénifra", K.SHELTER, "ngo_d", "khenifra", 20,
                 11, owner=EN, languages=("ar", "ary", "zgh", "fr")),
    DemoFacility("DEMO-0020", "Unité de protection de l'enfance d'Azilal", K.CHILD_PROTECTION,
                 "entraide", "azilal", 16, 9, owner=EN, mode=DIRECT, hours="always",
                 languages=("ar", "zgh", "fr"), translated=False),
    # Souss-Massa: NGO B's home ground.
    DemoFacility("DEMO-0021", "Centre d'accueil Tafoukt", K.RECEPTION_CENTRE, "ngo_b", "agadir",
                 45, 38, "Quartier Talborjt", EN, languages=("ar", "zgh", *SUB_SAHARAN)),
    DemoFacility("DEMO-0022", "Espace femmes Tafoukt d'Inezgane", K.WOMEN_SAFE_SPACE, "ngo_b",
                 "inezgane", 15, 12, hours="always"),
    DemoFacility("DEMO-0023", "Foyer de transit d'Aït Melloul", K.TRANSIT, "ngo_b",
                 "ait_melloul", 35, 20, owner="Commune d'Aït Melloul", published=False,
                 languages=("ar", "zgh", "fr", "wo")),
    DemoFacility("DEMO-0024", "Centre social polyvalent de Tiznit", K.MULTIPURPOSE, "entraide",
                 "tiznit", 70, 45, owner=EN, mode=DIRECT, languages=("ar", "zgh", "fr")),
    DemoFacility("DEMO-0025", "Point d'orientation de Taroudant", K.LISTENING_CENTRE, "ngo_b",
                 "taroudant", None, None, hours="mornings", languages=("ar", "zgh", "fr")),
    # Tanger-Tétouan-Al Hoceïma: the Strait and the northern coast.
    DemoFacility("DEMO-0026", "Centre Boughaz pour mineurs", K.CHILD_PROTECTION, "ngo_e",
                 "tanger", 30, 29, "Quartier Beni Makada", EN, hours="always",
                 languages=("ar", "ary", "fr", "es")),
    DemoFacility("DEMO-0027", "Centre de jour du Détroit", K.DAY_CENTRE, "ngo_e", "tanger", 40,
                 33, "Rue de Fès", languages=("ar", "ary", "es", *SUB_SAHARAN)),
    DemoFacility("DEMO-0028", "Espace d'écoute pour femmes de Tétouan", K.WOMEN_SAFE_SPACE,
                 "ngo_e", "tetouan", 12, 7, owner=EN, languages=("ar", "ary", "es", "fr")),
    DemoFacility("DEMO-0029", "Foyer d'accueil de Fnideq", K.SHELTER, "ngo_e", "fnideq", 25, 31,
                 owner="Commune de Fnideq", hours="always", languages=("ar", "ary", "es")),
    DemoFacility("DEMO-0030", "Centre social polyvalent d'Al Hoceïma", K.MULTIPURPOSE,
                 "entraide", "al_hoceima", 60, 35, owner=EN, mode=DIRECT,
                 languages=("ar", "zgh", "es", "fr")),
    # Rabat-Salé-Kénitra: the capital and its partners.
    DemoFacility("DEMO-0031", "Centre d'orientation Horizons", K.LISTENING_CENTRE, "ngo_c",
                 "rabat", None, None, "Quartier Hassan", languages=SUB_SAHARAN),
    DemoFacility("DEMO-0032", "Centre de transit pour le retour volontaire", K.TRANSIT, "iom",
                 "temara", 50, 26, mode=DIRECT, hours="always",
                 languages=("ar", "fr", "en", "wo", "bm", "pt")),
    DemoFacility("DEMO-0033", "Foyer d'accueil de Salé", K.SHELTER, "ngo_c", "sale", 28, 21,
                 owner=EN),
    DemoFacility("DEMO-0034", "Centre de santé Sahel Atlas – Kénitra", K.HEALTH_CENTRE, "ngo_f",
                 "kenitra", None, None, hours="mornings"),
    # The other regions.
    DemoFacility("DEMO-0035", "Centre social polyvalent de Fès", K.MULTIPURPOSE, "entraide",
                 "fes", 100, 77, owner=EN, mode=DIRECT),
    DemoFacility("DEMO-0036", "Espace d'écoute Bab Charq de Meknès", K.LISTENING_CENTRE, "ngo_a",
                 "meknes", None, None, hours="mornings", languages=("ar", "ary", "fr", "en")),
    DemoFacility("DEMO-0037", "Centre de santé Sahel Atlas – Marrakech", K.HEALTH_CENTRE,
                 "ngo_f", "marrakech", None, None, languages=("ar", "ary", *SUB_SAHARAN)),
    DemoFacility("DEMO-0038", "Centre social polyvalent d'Errachidia", K.MULTIPURPOSE,
                 "entraide", "errachidia", 60, 30, owner=EN, mode=DIRECT, translated=False),
    DemoFacility("DEMO-0039", "Point d'accueil Tafoukt de Guelmim", K.DAY_CENTRE, "ngo_b",
                 "guelmim", 20, 9, languages=("ar", "zgh", "fr", "wo")),
    DemoFacility("DEMO-0040", "Centre d'accueil de Laâyoune", K.RECEPTION_CENTRE, "ngo_b",
                 "laayoune", 40, None, owner=EN, status=S.PLANNED, published=False),
    DemoFacility("DEMO-0041", "Centre social polyvalent de Dakhla", K.MULTIPURPOSE, "entraide",
                 "dakhla", 50, 28, owner=EN, mode=DIRECT, languages=("ar", "fr", "es", "wo")),
]  # fmt: skip


def seed_organisations() -> tuple[dict[str, Organisation], int]:
    """Create the demonstration organisations that are missing; existing ones are left as they are.

    Returns the organisations by key and how many were created.
    """
    regions = {region.code: region for region in Region.objects.all()}
    organisations, created_count = {}, 0
    for key, (name, acronym, kind, region_codes, phone, email) in ORGANISATIONS.items():
        organisation, created = Organisation.objects.get_or_create(
            name=name, defaults={"acronym": acronym, "kind": kind, "phone": phone, "email": email}
        )
        if created:
            codes = regions if region_codes == ALL_REGIONS else region_codes
            organisation.regions.set([regions[code] for code in codes])
            created_count += 1
        organisations[key] = organisation
    return organisations, created_count


def seed_facilities(organisations: dict[str, Organisation]) -> int:
    """Create the demonstration facilities that are missing (keyed on their DEMO- code).

    Facilities that already exist keep whatever was changed in them, except that an Arabic or
    English name they lack is filled in (see `name_demo_facilities`). Returns how many were
    created.
    """
    name_demo_facilities()
    existing = set(
        Facility.objects.filter(code__in=[f.code for f in DEMO_FACILITIES]).values_list(
            "code", flat=True
        )
    )
    provinces = {p.code: p for p in Province.objects.select_related("region")}
    services = {s.code: s for s in ServiceCategory.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    created = 0
    for demo in DEMO_FACILITIES:
        if demo.code in existing:
            continue
        facility = build_demo_facility(demo, organisations, provinces)
        profile = PROFILES[demo.profile or demo.kind]
        # One history record that already lists the services and groups, rather than three
        # (created, groups changed, services changed): skip history until the last M2M write.
        facility.skip_history_when_saving = True
        facility.full_clean()
        facility.save()
        facility.target_groups.set([groups[code] for code in profile.target_groups])
        del facility.skip_history_when_saving
        facility.services.set(
            [services[code] for code in (*profile.services, *demo.extra_services)]
        )
        facility.history.update(history_type="+", history_change_reason="Demo data (seed_demo)")
        created += 1
    return created


def name_demo_facilities() -> int:
    """Give existing demonstration facilities the Arabic or English name they lack.

    Databases seeded before facilities had these names get them; a name typed by staff is kept.
    Each facility named gets one history record saying why. Returns how many were named.
    """
    named = 0
    missing = Q(name_ar="") | Q(name_en="")
    for facility in Facility.objects.filter(missing, code__in=DEMO_NAMES):
        arabic, english = DEMO_NAMES[facility.code]
        facility.name_ar = facility.name_ar or arabic
        facility.name_en = facility.name_en or english
        facility._change_reason = "Demo data (seed_demo): names in Arabic and English"
        facility.save(update_fields=["name_ar", "name_en", "updated_at"])
        named += 1
    return named


def build_demo_facility(
    demo: DemoFacility, organisations: dict[str, Organisation], provinces: dict[str, Province]
) -> Facility:
    """An unsaved Facility from a DemoFacility row, placed a few hundred metres from its town."""
    commune, province_code, latitude, longitude, area_code, postal_code = TOWNS[demo.town]
    province = provinces[province_code]
    profile = PROFILES[demo.profile or demo.kind]
    # Seeded by the code: the same facility always gets the same jitter and phone number.
    rng = random.Random(demo.code)  # noqa: S311 (demo data, not security)
    hours = OPENING_HOURS[demo.hours]
    access = ACCESS_CONDITIONS[profile.access]
    arabic_name, english_name = DEMO_NAMES.get(demo.code, ("", ""))
    translations = {"name_ar": arabic_name, "name_en": english_name}
    for index, language in ((1, "ar"), (2, "en")):
        if demo.translated:
            translations[f"opening_hours_{language}"] = hours[index]
            translations[f"access_conditions_{language}"] = access[index]
            translations[f"description_{language}"] = profile.description[index]
    return Facility(
        code=demo.code,
        name=demo.name,
        kind=demo.kind,
        managing_organisation=organisations[demo.organisation],
        management_mode=demo.mode,
        owner_authority=demo.owner,
        region=province.region,
        province=province,
        commune=commune,
        address=f"{demo.address}, {commune}" if demo.address else "",
        postal_code=postal_code,
        latitude=jitter(latitude, rng),
        longitude=jitter(longitude, rng),
        capacity=demo.capacity,
        occupancy=demo.occupancy,
        languages=list(demo.languages),
        opening_hours_fr=hours[0],
        access_conditions_fr=access[0],
        description_fr=profile.description[0],
        phone=f"+212 {area_code}-{rng.randint(300000, 999999)}",
        whatsapp=f"+212 6{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"
        if rng.random() < 0.6
        else "",
        status=demo.status,
        is_published=demo.published,
        **translations,
    )


def jitter(coordinate: str, rng: random.Random, spread: float = 0.006) -> Decimal:
    """A coordinate moved by up to `spread` degrees (about 650 m), to six decimals."""
    return (Decimal(coordinate) + Decimal(str(rng.uniform(-spread, spread)))).quantize(
        Decimal("0.000001")
    )


def seed_users(
    organisations: dict[str, Organisation], password: str, reset_passwords: bool = False
) -> list[tuple[User, bool]]:
    """Create the missing demonstration users with `password`; never call this unless DEBUG is on.

    Existing users keep their role, organisation and password, unless `reset_passwords` is true,
    in which case only their password changes. Returns each user and whether its password is now
    `password`.
    """
    accounts = []
    for username, role, organisation_key, first_name, last_name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                role=role,
                organisation=organisations[organisation_key],
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@demo.manara.invalid",
                is_staff=role == User.Role.ADMIN,
                is_superuser=role == User.Role.ADMIN,
            )
        elif not reset_passwords:
            accounts.append((user, False))
            continue
        user.set_password(password)
        user.save()
        accounts.append((user, True))
    return accounts


# --- Synthetic facilities, for load tests and benchmarks ---------------------------------------
