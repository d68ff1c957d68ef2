"""The demonstration plans, projects and support activities, as data (see `demo.plans`).

Only the figures the terms of reference give are real; everything else is illustrative."""

from dataclasses import dataclass
from datetime import date

from demo.facilities import ORGANISATIONS
from plans.models import (
    ActionPlan,
    Donor,
    Indicator,
    PilotBudgetLine,
    PilotRisk,
    PlanAction,
    Project,
    ProjectPartner,
    SupportActivity,
)

ILLUSTRATIVE = "Chiffres illustratifs de démonstration"

# The two other regional councils; the Oriental's is `council` in demo.facilities.ORGANISATIONS.
# key: name, acronym, HCP code of the region
COUNCILS = {
    "crsm": ("Conseil de la Région Souss-Massa", "CRSM", "09"),
    "crtta": ("Conseil de la Région Tanger-Tétouan-Al Hoceïma", "CRTTA", "01"),
}

# key: name, acronym, kind. A council funds its plan's actions under the same name as the
# organisation.
DONORS = {
    "japan": ("Gouvernement du Japon", "Japon", Donor.Kind.GOVERNMENT),
    "eu": ("Union européenne", "UE", Donor.Kind.MULTILATERAL),
    "swiss": ("Coopération suisse", "DDC", Donor.Kind.GOVERNMENT),
    "state": ("Budget de l’État", "", Donor.Kind.NATIONAL),
    "council": (ORGANISATIONS["council"][0], "CRO", Donor.Kind.LOCAL_AUTHORITY),
    "crsm": (COUNCILS["crsm"][0], "CRSM", Donor.Kind.LOCAL_AUTHORITY),
    "crtta": (COUNCILS["crtta"][0], "CRTTA", Donor.Kind.LOCAL_AUTHORITY),
}

S = Project.Status
K = Project.Kind
R = ProjectPartner.Role
U = Indicator.Unit
A = PlanAction.Status
C = PilotBudgetLine.Category
L = PilotRisk.Level


@dataclass(frozen=True)
class DemoValue:
    """A value of an indicator, in total and, when given, for women and for men."""

    starts_on: date
    ends_on: date
    total: int
    women: int | None = None
    men: int | None = None


@dataclass(frozen=True)
class DemoIndicator:
    """An indicator, typed (with its values and their source) or computed."""

    code: str
    name: str
    unit: str
    target: int
    baseline: int | None = 0
    values: tuple[DemoValue, ...] = ()
    source: str = ""
    by_sex: bool = False
    action: str = ""
    computation: str = ""


@dataclass(frozen=True)
class DemoResult:
    """An outcome with its outputs, or an output, and the indicators that measure it."""

    code: str
    statement: str
    indicators: tuple[DemoIndicator, ...]
    outputs: tuple["DemoResult", ...] = ()


@dataclass(frozen=True)
class DemoProject:
    """An IOM project; the keys name donors, regions (HCP codes), themes and organisations."""

    code: str
    prima_id: str
    title: str
    short_name: str
    kind: str
    donors: tuple[str, ...]
    budget: str
    currency: str
    rate_to_mad: str
    people_to_reach: int | None
    starts_on: date
    ends_on: date
    status: str
    regions: tuple[str, ...]
    themes: tuple[str, ...]
    partners: tuple[tuple[str, str], ...]
    summary: str
    results: tuple[DemoResult, ...]
    is_national: bool = False


@dataclass(frozen=True)
class DemoAction:
    """A plan's action: SNIA programme numbers, SDG target codes, organisation keys."""

    code: str
    programmes: tuple[int, ...]
    targets: tuple[str, ...]
    lead: str
    partners: tuple[str, ...]
    budget: int
    funder: str
    starts_on: date
    ends_on: date
    status: str
    title: str


@dataclass(frozen=True)
class DemoPilot:
    """A pilot project proposed with a plan, with its timeline, budget, risks and indicators."""

    title: str
    problem: str
    objectives: str
    target_groups: tuple[str, ...]
    beneficiaries: str
    lead: str
    partners: tuple[str, ...]
    starts_on: date
    duration_months: int
    programmes: tuple[int, ...]
    targets: tuple[str, ...]
    sustainability: str
    # title, first month, last month
    activities: tuple[tuple[str, int, int], ...]
    # category, description, quantity, unit cost in MAD
    budget_lines: tuple[tuple[str, str, int, int], ...]
    # risk, likelihood, impact, mitigation
    risks: tuple[tuple[str, str, str, str], ...]
    indicators: tuple[DemoIndicator, ...]


@dataclass(frozen=True)
class DemoPlan:
    """A regional council's plan, its axes and actions, its indicators and its pilot."""

    council: str
    region: str
    title: str
    starts_on: date
    ends_on: date
    status: str
    adopted_on: date | None
    vision: str
    # title and description of each axis, numbered from 1
    axes: tuple[tuple[str, str], ...]
    actions: list[DemoAction]
    indicators: tuple[DemoIndicator, ...]
    pilot: DemoPilot


def computed_indicators(target_facilities: int, target_share: int) -> tuple[DemoIndicator, ...]:
    """The two indicators every demo plan reads from Manara's records rather than typing them."""
    return (
        DemoIndicator(
            "I5",
            "Structures d’accueil de la région renforcées (au moins un besoin réalisé)",
            U.FACILITIES,
            target_facilities,
            computation=Indicator.Computation.FACILITIES_REINFORCED,
        ),
        DemoIndicator(
            "I6",
            "Part des structures évaluées dont la sévérité est de 2 ou moins",
            U.PERCENT,
            target_share,
            baseline=None,
            computation=Indicator.Computation.SHARE_LOW_SEVERITY,
        ),
    )


# --- Projects -----------------------------------------------------------------------------------

PROJECTS = [
    DemoProject(
        code="PX.0112",
        prima_id="MA10P0312",
        title="Protection et assistance aux migrants en situation de vulnérabilité dans l’Oriental",
        short_name="Migrants vulnérables (Japon)",
        kind=K.PROTECTION,
        donors=("japan",),
        budget="151500",
        currency=Project.Currency.USD,
        rate_to_mad="10",
        people_to_reach=1350,
        starts_on=date(2025, 4, 1),
        ends_on=date(2027, 3, 31),
        status=S.ACTIVE,
        regions=("02",),
        themes=("protection", "health", "mhpss", "reception"),
        partners=(
            ("ngo_a", R.IMPLEMENTING),
            ("ngo_f", R.IMPLEMENTING),
            ("entraide", R.GOVERNMENT),
            ("council", R.GOVERNMENT),
        ),
        summary=(
            "Assistance directe aux personnes migrantes vulnérables de l’Oriental — soins, "
            "soutien psychosocial, aide alimentaire et non alimentaire — et renforcement des "
            "structures d’accueil gérées par les associations partenaires.\n\n"
            "Budget (151 500 USD) et nombre de personnes à atteindre (1 350) : termes de "
            f"référence. Code, identifiant PRIMA, dates et cadre de résultats : {ILLUSTRATIVE}."
        ),
        results=(
            DemoResult(
                "1",
                "Les personnes migrantes en situation de vulnérabilité dans l’Oriental accèdent "
                "à une protection et à une assistance adaptées à leurs besoins.",
                (
                    DemoIndicator(
                        "1.a",
                        "Personnes migrantes ayant reçu une assistance directe (santé, soutien "
                        "psychosocial, aide alimentaire et non alimentaire)",
                        U.PEOPLE,
                        1350,
                        values=(
                            DemoValue(date(2025, 4, 1), date(2025, 12, 31), 520, 230, 290),
                            DemoValue(date(2025, 4, 1), date(2026, 6, 30), 940, 415, 525),
                            DemoValue(date(2025, 4, 1), date(2026, 9, 30), 1120, 498, 622),
                        ),
                        source="Base de données des bénéficiaires de l’OIM (rapports trimestriels)",
                        by_sex=True,
                    ),
                ),
                outputs=(
                    DemoResult(
                        "1.1",
                        "Les structures d’accueil gérées par les partenaires sont réhabilitées "
                        "et équipées selon les besoins relevés par l’évaluation.",
                        (
                            DemoIndicator(
                                "1.1.a",
                                "Structures d’accueil réhabilitées ou équipées",
                                U.FACILITIES,
                                4,
                                values=(
                                    DemoValue(date(2025, 4, 1), date(2026, 6, 30), 1),
                                    DemoValue(date(2025, 4, 1), date(2026, 9, 30), 2),
                                ),
                                source="Procès-verbaux de réception des travaux et équipements",
                            ),
                        ),
                    ),
                    DemoResult(
                        "1.2",
                        "Le personnel des associations partenaires est formé à l’accueil et à "
                        "l’orientation des personnes vulnérables.",
                        (
                            DemoIndicator(
                                "1.2.a",
                                "Membres du personnel des partenaires formés",
                                U.PEOPLE,
                                60,
                                values=(DemoValue(date(2025, 4, 1), date(2026, 3, 31), 24, 16, 8),),
                                source="Feuilles de présence des formations",
                                by_sex=True,
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    DemoProject(
        code="FM.0390",
        prima_id="",
        title="Formation professionnelle et moyens de subsistance pour les migrants régularisés",
        short_name="",
        kind=K.LIVELIHOODS,
        donors=("eu",),
        budget="200000",
        currency=Project.Currency.USD,
        rate_to_mad="10",
        people_to_reach=None,
        starts_on=date(2027, 1, 1),
        ends_on=date(2028, 12, 31),
        status=S.PIPELINE,
        regions=(),
        themes=("livelihoods",),
        partners=(
            ("entraide", R.GOVERNMENT),
            ("ngo_c", R.IMPLEMENTING),
            ("ngo_f", R.IMPLEMENTING),
        ),
        summary=(
            "Parcours de formation qualifiante et appui au démarrage d’activités génératrices "
            "de revenus pour les migrants régularisés, sur l’ensemble du territoire.\n\n"
            "Titre, budget (200 000 USD) et couverture nationale : termes de référence. "
            f"Bailleur, dates et cadre de résultats : {ILLUSTRATIVE}."
        ),
        results=(
            DemoResult(
                "1",
                "Les migrants régularisés accèdent à une formation qualifiante puis à un emploi "
                "ou à une activité génératrice de revenus.",
                (
                    DemoIndicator(
                        "1.a",
                        "Part des personnes formées en emploi ou en activité six mois après la "
                        "formation",
                        U.PERCENT,
                        60,
                        baseline=None,
                    ),
                ),
                outputs=(
                    DemoResult(
                        "1.1",
                        "Des parcours de formation professionnelle adaptés sont ouverts aux "
                        "migrants régularisés dans les centres partenaires.",
                        (
                            DemoIndicator(
                                "1.1.a",
                                "Migrants régularisés ayant achevé une formation qualifiante",
                                U.PEOPLE,
                                400,
                                by_sex=True,
                            ),
                        ),
                    ),
                    DemoResult(
                        "1.2",
                        "Les personnes formées reçoivent un appui au démarrage d’une activité "
                        "génératrice de revenus.",
                        (
                            DemoIndicator(
                                "1.2.a", "Activités génératrices de revenus lancées", U.NUMBER, 120
                            ),
                        ),
                    ),
                ),
            ),
        ),
        is_national=True,
    ),
    DemoProject(
        code="RT.1754",
        prima_id="MA10P0287",
        title="MoTuSe — Réintégration socio-économique et psychosociale durable des Marocains "
        "de retour",
        short_name="MoTuSe",
        kind=K.REINTEGRATION,
        donors=("eu",),
        budget="3200000",
        currency=Project.Currency.EUR,
        rate_to_mad="10.8",
        people_to_reach=2400,
        starts_on=date(2024, 1, 1),
        ends_on=date(2027, 12, 31),
        status=S.ACTIVE,
        regions=("06", "02", "05"),
        themes=("reintegration", "livelihoods", "mhpss"),
        partners=(
            ("ngo_c", R.IMPLEMENTING),
            ("ngo_d", R.IMPLEMENTING),
            ("ngo_a", R.REFERRAL),
            ("entraide", R.GOVERNMENT),
        ),
        summary=(
            "Appui individuel à la réintégration des Marocains de retour à Casablanca-Settat, "
            "dans l’Oriental et à Béni Mellal-Khénifra, et mise en place d’un mécanisme de "
            "référencement et de suivi entre acteurs publics et associatifs.\n\n"
            f"Code, identifiant PRIMA, budget, dates et cadre de résultats : {ILLUSTRATIVE}."
        ),
        results=(
            DemoResult(
                "1",
                "Les Marocains de retour bénéficient d’une réintégration socio-économique et "
                "psychosociale durable dans leur région de retour.",
                (
                    DemoIndicator(
                        "1.a",
                        "Part des personnes suivies dont le score de réintégration est durable",
                        U.PERCENT,
                        70,
                        values=(
                            DemoValue(date(2024, 1, 1), date(2024, 12, 31), 48),
                            DemoValue(date(2025, 1, 1), date(2025, 12, 31), 57),
                        ),
                        source="Enquêtes de suivi de la réintégration (score composite de l’OIM)",
                    ),
                ),
                outputs=(
                    DemoResult(
                        "1.1",
                        "Les personnes de retour reçoivent un appui individuel à la "
                        "réintégration : activité génératrice de revenus, formation, soutien "
                        "psychosocial.",
                        (
                            DemoIndicator(
                                "1.1.a",
                                "Personnes de retour ayant reçu un appui à la réintégration",
                                U.PEOPLE,
                                2400,
                                values=(
                                    DemoValue(date(2024, 1, 1), date(2024, 12, 31), 610, 140, 470),
                                    DemoValue(
                                        date(2024, 1, 1), date(2025, 12, 31), 1380, 330, 1050
                                    ),
                                    DemoValue(date(2024, 1, 1), date(2026, 9, 30), 1870, 455, 1415),
                                ),
                                source="Base de données des cas de réintégration de l’OIM",
                                by_sex=True,
                            ),
                        ),
                    ),
                    DemoResult(
                        "1.2",
                        "Les acteurs des trois régions sont reliés par un mécanisme de "
                        "référencement et de suivi.",
                        (
                            DemoIndicator(
                                "1.2.a",
                                "Acteurs publics et associatifs intégrés au mécanisme de "
                                "référencement",
                                U.NUMBER,
                                30,
                                values=(
                                    DemoValue(date(2024, 1, 1), date(2025, 6, 30), 12),
                                    DemoValue(date(2024, 1, 1), date(2026, 6, 30), 26),
                                ),
                                source="Cartographie des acteurs tenue dans Manara",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    DemoProject(
        code="CB.0268",
        prima_id="MA10P0198",
        title="INDIMAJ II — Intégration des migrants dans les politiques et les services régionaux",
        short_name="INDIMAJ II",
        kind=K.GOVERNANCE,
        donors=("swiss",),
        budget="1850000",
        currency=Project.Currency.EUR,
        rate_to_mad="10.8",
        people_to_reach=None,
        starts_on=date(2022, 10, 1),
        ends_on=date(2025, 9, 30),
        status=S.COMPLETED,
        regions=("02", "09", "01"),
        themes=("governance", "data", "protection"),
        partners=(
            ("council", R.GOVERNMENT),
            ("crsm", R.GOVERNMENT),
            ("crtta", R.GOVERNMENT),
            ("ngo_b", R.IMPLEMENTING),
            ("ngo_e", R.IMPLEMENTING),
            ("entraide", R.GOVERNMENT),
        ),
        summary=(
            "Accompagnement des conseils régionaux de l’Oriental, de Souss-Massa et de "
            "Tanger-Tétouan-Al Hoceïma dans l’élaboration de leurs plans d’action pour la "
            "protection et l’intégration des personnes migrantes, et petites subventions aux "
            "associations.\n\n"
            f"Code, identifiant PRIMA, bailleur, budget, dates et cadre de résultats : "
            f"{ILLUSTRATIVE}."
        ),
        results=(
            DemoResult(
                "1",
                "Les conseils régionaux intègrent la migration dans leur planification, en "
                "cohérence avec la SNIA et les objectifs de développement durable.",
                (
                    DemoIndicator(
                        "1.a",
                        "Plans d’action régionaux alignés sur la SNIA et les ODD adoptés",
                        U.NUMBER,
                        3,
                        values=(
                            DemoValue(date(2022, 10, 1), date(2025, 3, 31), 1),
                            DemoValue(date(2022, 10, 1), date(2025, 6, 30), 2),
                        ),
                        source="Délibérations des conseils régionaux",
                    ),
                ),
                outputs=(
                    DemoResult(
                        "1.1",
                        "Les élus et cadres régionaux sont formés à la gouvernance des migrations.",
                        (
                            DemoIndicator(
                                "1.1.a",
                                "Élus et cadres régionaux formés",
                                U.PEOPLE,
                                120,
                                values=(
                                    DemoValue(date(2022, 10, 1), date(2023, 12, 31), 46, 17, 29),
                                    DemoValue(date(2022, 10, 1), date(2025, 6, 30), 118, 47, 71),
                                ),
                                source="Feuilles de présence des sessions de formation",
                                by_sex=True,
                            ),
                        ),
                    ),
                    DemoResult(
                        "1.2",
                        "Un diagnostic de la situation des personnes migrantes est produit et "
                        "validé dans chaque région.",
                        (
                            DemoIndicator(
                                "1.2.a",
                                "Diagnostics régionaux validés",
                                U.NUMBER,
                                3,
                                values=(
                                    DemoValue(date(2022, 10, 1), date(2023, 12, 31), 2),
                                    DemoValue(date(2022, 10, 1), date(2024, 6, 30), 3),
                                ),
                                source="Comptes rendus des ateliers régionaux de validation",
                            ),
                        ),
                    ),
                ),
            ),
            DemoResult(
                "2",
                "Les associations des trois régions élargissent leur offre de services aux "
                "personnes migrantes.",
                (
                    DemoIndicator(
                        "2.a",
                        "Personnes migrantes ayant bénéficié des services des associations "
                        "soutenues",
                        U.PEOPLE,
                        3000,
                        values=(
                            DemoValue(date(2022, 10, 1), date(2024, 12, 31), 1450, 610, 840),
                            DemoValue(date(2022, 10, 1), date(2025, 9, 30), 2780, 1190, 1590),
                        ),
                        source="Rapports narratifs des associations subventionnées",
                        by_sex=True,
                    ),
                ),
                outputs=(
                    DemoResult(
                        "2.1",
                        "Des projets associatifs sont financés par de petites subventions.",
                        (
                            DemoIndicator(
                                "2.1.a",
                                "Projets associatifs financés",
                                U.NUMBER,
                                15,
                                values=(
                                    DemoValue(date(2022, 10, 1), date(2024, 12, 31), 9),
                                    DemoValue(date(2022, 10, 1), date(2025, 9, 30), 14),
                                ),
                                source="Conventions de subvention signées",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
]

JAPAN_PROJECT, MOTUSE_PROJECT, INDIMAJ_PROJECT = "PX.0112", "RT.1754", "CB.0268"
FUNDED_NEEDS = 4
LINKED_CASES = 12


# --- Action plans -------------------------------------------------------------------------------

# code (the axis number first), SNIA programmes, SDG targets, lead, partners, budget in MAD,
# funder, dates, status, title
ORIENTAL_ACTIONS = [
    DemoAction("1.1", (3,), ("3.8", "10.7"), "ngo_f", ("council", "entraide"), 2_400_000,
               "council", date(2025, 3, 1), date(2027, 12, 31), A.IN_PROGRESS,
               "Accès aux soins de santé primaires et à la santé mentale à Oujda, Nador et "
               "Berkane"),
    DemoAction("1.2", (1,), ("4.1",), "entraide", ("ngo_a",), 1_150_000,
               "state", date(2025, 9, 1), date(2028, 6, 30), A.IN_PROGRESS,
               "Scolarisation et soutien scolaire des enfants migrants"),
    DemoAction("1.3", (4, 5), ("11.1", "1.3"), "council", ("ngo_a", "entraide", "iom"), 3_600_000,
               "japan", date(2025, 4, 1), date(2026, 12, 31), A.IN_PROGRESS,
               "Hébergement d’urgence et mise aux normes des structures d’accueil"),
    DemoAction("2.1", (5,), ("5.2",), "ngo_a", ("entraide", "ngo_f"), 950_000,
               "eu", date(2025, 6, 1), date(2027, 5, 31), A.IN_PROGRESS,
               "Prise en charge des femmes migrantes victimes de violences"),
    DemoAction("2.2", (8,), ("16.2", "8.7"), "iom", ("ngo_a", "council"), 780_000,
               "eu", date(2025, 1, 15), date(2026, 6, 30), A.COMPLETED,
               "Lutte contre la traite des êtres humains : identification et orientation des "
               "victimes"),
    DemoAction("2.3", (5, 1), ("16.2",), "ngo_a", ("entraide",), 1_300_000,
               "council", date(2026, 1, 1), date(2028, 12, 31), A.IN_PROGRESS,
               "Protection des mineurs non accompagnés à Nador"),
    DemoAction("3.1", (6,), ("4.4", "8.5"), "entraide", ("ngo_f",), 1_800_000,
               "state", date(2026, 3, 1), date(2029, 6, 30), A.IN_PROGRESS,
               "Formation professionnelle qualifiante pour les jeunes migrants et les jeunes de "
               "la région"),
    DemoAction("3.2", (7,), ("8.8", "8.5"), "ngo_a", ("entraide",), 1_250_000,
               "council", date(2027, 1, 1), date(2029, 12, 31), A.PLANNED,
               "Accompagnement vers l’emploi et les activités génératrices de revenus"),
    DemoAction("3.3", (11,), ("17.18", "16.7"), "council", ("iom", "entraide"), 600_000,
               "council", date(2025, 1, 1), date(2029, 12, 31), A.IN_PROGRESS,
               "Observatoire régional des migrations et comité régional de coordination"),
]  # fmt: skip


ORIENTAL_PLAN = DemoPlan(
    council="council",
    region="02",
    title="Plan d’action régional pour la protection et l’intégration des personnes migrantes "
    "— Oriental 2025–2029",
    starts_on=date(2025, 1, 1),
    ends_on=date(2029, 12, 31),
    status=ActionPlan.Status.ADOPTED,
    adopted_on=date(2025, 3, 3),
    vision=(
        "Faire de l’Oriental, région frontalière et de transit, une région d’accueil où chaque "
        "personne migrante accède aux services de base, est protégée contre les violences et "
        "l’exploitation, et trouve sa place dans la vie économique et sociale, en cohérence avec "
        "la Stratégie nationale d’immigration et d’asile."
    ),
    axes=(
        (
            "Accès aux services de base",
            "Santé, éducation et hébergement : les services publics et associatifs s’ouvrent "
            "aux personnes migrantes.",
        ),
        (
            "Protection des personnes vulnérables",
            "Femmes, enfants et victimes de la traite : identification, prise en charge et "
            "orientation.",
        ),
        (
            "Insertion économique et gouvernance",
            "Formation, emploi, coordination des acteurs et données pour piloter le plan.",
        ),
    ),
    actions=ORIENTAL_ACTIONS,
    indicators=(
        DemoIndicator(
            "I1",
            "Personnes migrantes ayant bénéficié de soins de santé primaires",
            U.PEOPLE,
            6000,
            values=(
                DemoValue(date(2025, 1, 1), date(2025, 6, 30), 820, 360, 460),
                DemoValue(date(2025, 1, 1), date(2025, 12, 31), 1760, 790, 970),
                DemoValue(date(2025, 1, 1), date(2026, 6, 30), 2640),
            ),
            source="Rapports trimestriels de la Direction régionale de la santé",
            by_sex=True,
            action="1.1",
        ),
        DemoIndicator(
            "I2",
            "Enfants migrants scolarisés dans l’enseignement public",
            U.PEOPLE,
            600,
            baseline=180,
            values=(
                DemoValue(date(2025, 9, 1), date(2025, 10, 31), 265, 121, 144),
                DemoValue(date(2026, 9, 1), date(2026, 10, 31), 342, 160, 182),
            ),
            source="Académie régionale d’éducation et de formation, recensement de rentrée",
            by_sex=True,
            action="1.2",
        ),
        DemoIndicator(
            "I3",
            "Femmes migrantes victimes de violences prises en charge",
            U.PEOPLE,
            450,
            values=(
                DemoValue(date(2025, 6, 1), date(2025, 12, 31), 74),
                DemoValue(date(2025, 6, 1), date(2026, 6, 30), 151),
                DemoValue(date(2025, 6, 1), date(2026, 9, 30), 198),
            ),
            source="Registre des prises en charge de l’association",
            action="2.1",
        ),
        DemoIndicator(
            "I4",
            "Budget engagé par le Conseil de la Région pour les actions du plan",
            U.MAD,
            12_000_000,
            values=(
                DemoValue(date(2025, 1, 1), date(2025, 12, 31), 2_350_000),
                DemoValue(date(2025, 1, 1), date(2026, 6, 30), 3_830_000),
            ),
            source="Compte administratif du Conseil de la Région",
        ),
        *computed_indicators(8, 60),
    ),
    pilot=DemoPilot(
        title="Unité mobile de santé et d’écoute pour les personnes migrantes de l’Oriental",
        problem=(
            "Une partie des personnes migrantes de l’Oriental vit hors des centres urbains, dans "
            "des campements ou des logements précaires, loin des centres de santé. Les femmes "
            "enceintes, les enfants et les personnes souffrant de troubles psychiques y "
            "consultent tard, souvent aux urgences."
        ),
        objectives=(
            "Rapprocher les soins de santé primaires et l’écoute psychosociale des lieux de vie "
            "des personnes migrantes ; orienter chaque personne vers un centre de santé ou une "
            "structure d’accueil ; documenter les besoins pour le plan régional."
        ),
        target_groups=("women", "children", "men", "youth"),
        beneficiaries=(
            "Environ 1 200 personnes migrantes à Oujda, Nador et Berkane, dont 500 femmes et "
            "300 enfants ; les équipes des centres de santé partenaires."
        ),
        lead="ngo_f",
        partners=("council", "ngo_a", "entraide"),
        starts_on=date(2027, 1, 1),
        duration_months=18,
        programmes=(3, 5),
        targets=("3.8", "10.7"),
        sustainability=(
            "Les tournées sont intégrées au programme de santé de proximité de la Direction "
            "régionale de la santé ; le Conseil de la Région reprend les frais de fonctionnement "
            "du véhicule à partir du 19e mois."
        ),
        activities=(
            ("Acquisition et aménagement du véhicule médicalisé", 1, 3),
            ("Recrutement et formation de l’équipe (médecin, infirmière, psychologue)", 1, 3),
            ("Tournées hebdomadaires à Oujda, Nador et Berkane", 4, 18),
            ("Groupes de parole et orientation vers les services spécialisés", 4, 18),
            ("Évaluation finale et atelier de restitution au Conseil de la Région", 16, 18),
        ),
        budget_lines=(
            (C.EQUIPMENT, "Véhicule médicalisé et son aménagement", 1, 650_000),
            (C.STAFF, "Médecin généraliste (mois)", 15, 18_000),
            (C.STAFF, "Infirmière et psychologue (mois)", 30, 11_000),
            (C.SERVICES, "Médicaments et consommables médicaux (mois)", 15, 9_000),
            (C.TRAINING, "Formation de l’équipe aux premiers secours psychologiques", 1, 45_000),
            (C.OPERATIONS, "Carburant, assurance et entretien du véhicule (mois)", 18, 6_500),
            (C.MONITORING, "Évaluation finale externe", 1, 60_000),
        ),
        risks=(
            (
                "Méfiance des personnes migrantes envers un véhicule officiel",
                L.MEDIUM,
                L.HIGH,
                "Tournées menées avec les médiateurs communautaires de l’association ; "
                "confidentialité des consultations rappelée à chaque passage.",
            ),
            (
                "Déplacements des campements qui rendent les tournées inefficaces",
                L.HIGH,
                L.MEDIUM,
                "Itinéraire revu chaque semaine avec les associations de terrain.",
            ),
            (
                "Rupture de stock de médicaments",
                L.LOW,
                L.MEDIUM,
                "Convention d’approvisionnement avec la Direction régionale de la santé.",
            ),
        ),
        indicators=(
            DemoIndicator(
                "P1", "Consultations réalisées par l’unité mobile", U.NUMBER, 3000, by_sex=False
            ),
            DemoIndicator(
                "P2",
                "Personnes orientées vers un centre de santé ou une structure d’accueil",
                U.PEOPLE,
                800,
                by_sex=True,
            ),
        ),
    ),
)

# code (the axis number first), SNIA programmes, SDG targets, lead, partners, budget in MAD,
# funder, dates, status, title
SOUSS_MASSA_ACTIONS = [
    DemoAction("1.1", (3,), ("3.8",), "ngo_b", ("crsm",), 1_400_000,
               "crsm", date(2025, 4, 1), date(2027, 12, 31), A.IN_PROGRESS,
               "Accès des travailleurs migrants agricoles aux soins de santé dans la plaine du "
               "Souss"),
    DemoAction("1.2", (1,), ("4.1",), "entraide", ("ngo_b",), 900_000,
               "state", date(2025, 9, 1), date(2027, 7, 31), A.IN_PROGRESS,
               "Scolarisation des enfants migrants et cours d’arabe pour les familles"),
    DemoAction("1.3", (2,), ("10.2",), "crsm", ("ngo_b",), 450_000,
               "crsm", date(2026, 4, 1), date(2028, 12, 31), A.IN_PROGRESS,
               "Activités culturelles et sportives partagées entre jeunes migrants et jeunes de "
               "la région"),
    DemoAction("2.1", (6,), ("4.4",), "entraide", ("ngo_b", "crsm"), 2_100_000,
               "eu", date(2026, 1, 1), date(2028, 12, 31), A.IN_PROGRESS,
               "Formation professionnelle aux métiers de l’agriculture, du tourisme et du "
               "bâtiment"),
    DemoAction("2.2", (7,), ("8.8",), "crsm", ("ngo_b",), 650_000,
               "crsm", date(2027, 1, 1), date(2029, 6, 30), A.PLANNED,
               "Conditions de travail décentes pour les travailleurs migrants saisonniers"),
    DemoAction("3.1", (5,), ("1.3",), "ngo_b", ("entraide",), 1_050_000,
               "state", date(2025, 3, 1), date(2025, 12, 31), A.COMPLETED,
               "Aide sociale d’urgence : paniers alimentaires, kits d’hygiène et orientation"),
    DemoAction("3.2", (11,), ("17.18", "16.7"), "crsm", ("iom",), 380_000,
               "crsm", date(2025, 6, 1), date(2029, 12, 31), A.IN_PROGRESS,
               "Comité régional de coordination et suivi des indicateurs du plan"),
]  # fmt: skip


SOUSS_MASSA_PLAN = DemoPlan(
    council="crsm",
    region="09",
    title="Plan d’action régional pour l’intégration des personnes migrantes — Souss-Massa "
    "2025–2029",
    starts_on=date(2025, 1, 1),
    ends_on=date(2029, 12, 31),
    status=ActionPlan.Status.ADOPTED,
    adopted_on=date(2025, 6, 2),
    vision=(
        "Une région Souss-Massa inclusive, qui s’appuie sur sa tradition d’hospitalité et sur le "
        "dynamisme de son agriculture et de son tourisme pour offrir aux personnes migrantes un "
        "accès équitable aux droits, aux services et à un travail décent."
    ),
    axes=(
        (
            "Santé, éducation et vie sociale",
            "Des services de base et des activités partagées entre migrants et habitants.",
        ),
        (
            "Insertion économique",
            "Former aux métiers qui recrutent et garantir des conditions de travail décentes.",
        ),
        (
            "Assistance sociale et coordination",
            "Répondre aux urgences et suivre la mise en œuvre du plan.",
        ),
    ),
    actions=SOUSS_MASSA_ACTIONS,
    indicators=(
        DemoIndicator(
            "I1",
            "Travailleurs migrants agricoles ayant bénéficié d’une consultation médicale",
            U.PEOPLE,
            3500,
            values=(
                DemoValue(date(2025, 4, 1), date(2025, 12, 31), 640, 210, 430),
                DemoValue(date(2025, 4, 1), date(2026, 6, 30), 1310, 455, 855),
            ),
            source="Registres des unités de soins partenaires",
            by_sex=True,
            action="1.1",
        ),
        DemoIndicator(
            "I2",
            "Enfants migrants scolarisés dans l’enseignement public",
            U.PEOPLE,
            450,
            baseline=140,
            values=(
                DemoValue(date(2025, 9, 1), date(2025, 10, 31), 176),
                DemoValue(date(2026, 9, 1), date(2026, 10, 31), 214),
            ),
            source="Académie régionale d’éducation et de formation, recensement de rentrée",
            action="1.2",
        ),
        DemoIndicator(
            "I3",
            "Personnes migrantes ayant achevé une formation professionnelle",
            U.PEOPLE,
            600,
            values=(
                DemoValue(date(2026, 1, 1), date(2026, 6, 30), 48, 19, 29),
                DemoValue(date(2026, 1, 1), date(2026, 9, 30), 83, 35, 48),
            ),
            source="Attestations de fin de formation des établissements",
            by_sex=True,
            action="2.1",
        ),
        *computed_indicators(6, 50),
    ),
    pilot=DemoPilot(
        title="Passerelle emploi : formation et insertion des jeunes migrants dans les métiers "
        "de l’agriculture",
        problem=(
            "Les exploitations de la plaine du Souss peinent à recruter des ouvriers qualifiés, "
            "tandis que de nombreux jeunes migrants, sans qualification reconnue, travaillent à "
            "la journée sans contrat ni protection sociale."
        ),
        objectives=(
            "Former 150 jeunes, migrants et jeunes de la région, aux métiers de l’irrigation, du "
            "conditionnement et de la conduite d’engins ; en placer au moins 60 % dans un emploi "
            "déclaré ; faire connaître leurs droits aux travailleurs et aux employeurs."
        ),
        target_groups=("youth", "women", "men"),
        beneficiaries=(
            "150 jeunes de 18 à 30 ans, dont 40 % de femmes et un tiers de jeunes de la région ; "
            "30 exploitations agricoles partenaires."
        ),
        lead="ngo_b",
        partners=("crsm", "entraide"),
        starts_on=date(2027, 1, 1),
        duration_months=24,
        programmes=(6, 7),
        targets=("4.4", "8.8"),
        sustainability=(
            "Les modules de formation sont repris par les établissements de formation "
            "professionnelle de la région ; les exploitations partenaires signent une charte "
            "d’embauche."
        ),
        activities=(
            ("Identification des exploitations partenaires et des métiers qui recrutent", 1, 3),
            ("Orientation et sélection des jeunes", 2, 4),
            ("Formations qualifiantes en alternance", 4, 18),
            ("Placement en emploi et suivi dans l’entreprise", 10, 24),
            ("Séances d’information sur le droit du travail", 6, 20),
            ("Capitalisation et restitution au Conseil de la Région", 22, 24),
        ),
        budget_lines=(
            (C.STAFF, "Coordinatrice du projet (mois)", 24, 14_000),
            (C.TRAINING, "Formations qualifiantes (par jeune)", 150, 6_500),
            (C.SERVICES, "Indemnités de transport des stagiaires (par jeune)", 150, 1_800),
            (C.EQUIPMENT, "Équipements de protection et outillage", 1, 120_000),
            (C.OPERATIONS, "Frais de fonctionnement (mois)", 24, 3_000),
            (C.MONITORING, "Suivi de l’insertion à six mois et évaluation", 1, 70_000),
        ),
        risks=(
            (
                "Abandons en cours de formation faute de revenus",
                L.HIGH,
                L.MEDIUM,
                "Indemnités de transport et formation en alternance rémunérée.",
            ),
            (
                "Réticence des employeurs à signer des contrats déclarés",
                L.MEDIUM,
                L.HIGH,
                "Charte d’embauche signée en amont et accompagnement administratif des employeurs.",
            ),
            (
                "Documents administratifs des jeunes migrants non à jour",
                L.MEDIUM,
                L.MEDIUM,
                "Permanence d’aide aux démarches assurée par l’association.",
            ),
        ),
        indicators=(
            DemoIndicator(
                "P1", "Jeunes ayant achevé la formation qualifiante", U.PEOPLE, 150, by_sex=True
            ),
            DemoIndicator(
                "P2",
                "Part des jeunes formés en emploi déclaré six mois après la formation",
                U.PERCENT,
                60,
                baseline=None,
            ),
        ),
    ),
)

# code (the axis number first), SNIA programmes, SDG targets, lead, partners, budget in MAD,
# funder, dates, status, title
TANGER_ACTIONS = [
    DemoAction("1.1", (5,), ("16.2", "16.9"), "ngo_e", ("entraide", "crtta"), 2_200_000,
               "crtta", date(2026, 9, 1), date(2028, 12, 31), A.PLANNED,
               "Accueil et protection des mineurs non accompagnés à Tanger et Fnideq"),
    DemoAction("1.2", (8,), ("5.2", "16.2"), "iom", ("ngo_e",), 900_000,
               "eu", date(2027, 1, 1), date(2028, 12, 31), A.PLANNED,
               "Lutte contre la traite et l’exploitation des femmes et des enfants"),
    DemoAction("1.3", (1,), ("4.1",), "entraide", ("ngo_e",), 1_100_000,
               "state", date(2027, 9, 1), date(2030, 6, 30), A.PLANNED,
               "Scolarisation et éducation non formelle des enfants migrants"),
    DemoAction("2.1", (3,), ("3.8",), "crtta", ("ngo_e",), 1_600_000,
               "crtta", date(2027, 1, 1), date(2029, 12, 31), A.PLANNED,
               "Soins de santé et soutien psychosocial dans les centres de santé de Tanger et de "
               "Tétouan"),
    DemoAction("2.2", (5,), ("1.3",), "ngo_e", ("entraide",), 850_000,
               "state", date(2027, 1, 1), date(2028, 12, 31), A.PLANNED,
               "Assistance sociale et humanitaire aux personnes migrantes en situation de "
               "précarité"),
    DemoAction("2.3", (6,), ("4.4",), "entraide", ("crtta",), 1_300_000,
               "eu", date(2028, 1, 1), date(2030, 6, 30), A.PLANNED,
               "Formation professionnelle des jeunes migrants aux métiers de la logistique "
               "portuaire"),
    DemoAction("3.1", (9,), ("10.7",), "crtta", ("iom",), 500_000,
               "crtta", date(2027, 1, 1), date(2030, 12, 31), A.PLANNED,
               "Coopération décentralisée avec des régions partenaires d’Europe et d’Afrique"),
    DemoAction("3.2", (11,), ("17.18",), "crtta", ("iom",), 450_000,
               "crtta", date(2026, 9, 1), date(2030, 12, 31), A.PLANNED,
               "Système régional d’information et d’indicateurs sur les migrations"),
]  # fmt: skip


TANGER_PLAN = DemoPlan(
    council="crtta",
    region="01",
    title="Projet de plan d’action régional pour la protection des personnes migrantes — "
    "Tanger-Tétouan-Al Hoceïma 2026–2030",
    starts_on=date(2026, 1, 1),
    ends_on=date(2030, 12, 31),
    status=ActionPlan.Status.DRAFT,
    adopted_on=None,
    vision=(
        "Une région du Détroit qui protège les personnes migrantes, en particulier les enfants "
        "et les femmes, et qui fait de sa position de carrefour entre l’Afrique et l’Europe un "
        "atout pour des migrations sûres, ordonnées et régulières."
    ),
    axes=(
        (
            "Protection de l’enfance et des femmes",
            "Mineurs non accompagnés, femmes et victimes de la traite.",
        ),
        (
            "Santé, assistance et insertion",
            "Soins, aide d’urgence et formation pour les personnes en situation de précarité.",
        ),
        (
            "Gouvernance et coopération",
            "Coopération avec les régions partenaires et données pour suivre le plan.",
        ),
    ),
    actions=TANGER_ACTIONS,
    indicators=(
        DemoIndicator(
            "I1",
            "Mineurs non accompagnés pris en charge dans un dispositif de protection",
            U.PEOPLE,
            900,
            baseline=210,
            values=(
                DemoValue(date(2026, 1, 1), date(2026, 3, 31), 236, 18, 218),
                DemoValue(date(2026, 1, 1), date(2026, 6, 30), 251, 21, 230),
                DemoValue(date(2026, 1, 1), date(2026, 9, 30), 270),
            ),
            source="Délégation régionale de l’Entraide Nationale, établissements de protection "
            "sociale",
            by_sex=True,
            action="1.1",
        ),
        DemoIndicator(
            "I2",
            "Victimes de la traite identifiées et orientées",
            U.PEOPLE,
            150,
            values=(
                DemoValue(date(2026, 1, 1), date(2026, 6, 30), 12),
                DemoValue(date(2026, 1, 1), date(2026, 9, 30), 19),
            ),
            source="Comité régional de coordination, fiches d’orientation",
            action="1.2",
        ),
        DemoIndicator(
            "I3",
            "Part des personnes migrantes interrogées déclarant un accès effectif aux soins",
            U.PERCENT,
            70,
            baseline=38,
            values=(
                DemoValue(date(2026, 1, 1), date(2026, 3, 31), 39),
                DemoValue(date(2026, 7, 1), date(2026, 9, 30), 43),
            ),
            source="Enquête trimestrielle auprès des bénéficiaires de l’association",
            action="2.1",
        ),
        *computed_indicators(5, 50),
    ),
    pilot=DemoPilot(
        title="Maison de l’enfance du Détroit : accueil de jour et protection des mineurs non "
        "accompagnés à Tanger",
        problem=(
            "À Tanger, des mineurs non accompagnés passent leurs journées dans la rue, près du "
            "port, exposés à l’exploitation et aux violences ; les places en établissement "
            "de protection sont insuffisantes et peu adaptées aux adolescents."
        ),
        objectives=(
            "Offrir aux mineurs un lieu d’accueil de jour sûr (repas, hygiène, écoute, "
            "activités éducatives) ; assurer leur prise en charge par les services de protection "
            "de l’enfance ; rechercher leur famille lorsque c’est dans leur intérêt."
        ),
        target_groups=("unaccompanied_minors", "children"),
        beneficiaries=(
            "250 mineurs non accompagnés par an, âgés de 12 à 17 ans ; les éducateurs des "
            "établissements de protection sociale de la région."
        ),
        lead="ngo_e",
        partners=("crtta", "entraide"),
        starts_on=date(2027, 1, 1),
        duration_months=12,
        programmes=(5, 1),
        targets=("16.2", "4.1"),
        sustainability=(
            "La Maison de l’enfance est intégrée au dispositif territorial de protection de "
            "l’enfance ; l’Entraide Nationale prend en charge deux postes d’éducateur après la "
            "phase pilote."
        ),
        activities=(
            ("Aménagement et équipement du local d’accueil de jour", 1, 3),
            ("Recrutement et formation des éducateurs", 1, 2),
            ("Accueil de jour, repas, hygiène et écoute", 3, 12),
            ("Activités éducatives et sportives", 4, 12),
            ("Orientation vers les services de protection et recherche familiale", 3, 12),
        ),
        budget_lines=(
            (C.WORKS, "Aménagement du local (douches, cuisine, salle d’activités)", 1, 280_000),
            (C.EQUIPMENT, "Mobilier, équipements de cuisine et matériel éducatif", 1, 95_000),
            (C.STAFF, "Éducateurs spécialisés (mois)", 36, 9_500),
            (C.SERVICES, "Repas et kits d’hygiène (mois)", 10, 22_000),
            (C.TRAINING, "Formation des éducateurs à la protection de l’enfance", 1, 40_000),
            (C.MONITORING, "Suivi et évaluation de la phase pilote", 1, 35_000),
        ),
        risks=(
            (
                "Fréquentation irrégulière des mineurs",
                L.MEDIUM,
                L.MEDIUM,
                "Travail de rue des éducateurs et horaires adaptés aux adolescents.",
            ),
            (
                "Opposition du voisinage à l’installation du local",
                L.LOW,
                L.HIGH,
                "Concertation préalable avec la commune et les associations de quartier.",
            ),
            (
                "Manque de places pour l’orientation vers un hébergement",
                L.HIGH,
                L.HIGH,
                "Convention avec l’Entraide Nationale sur un quota de places réservées.",
            ),
        ),
        indicators=(
            DemoIndicator("P1", "Mineurs accueillis au moins une fois", U.PEOPLE, 250, by_sex=True),
            DemoIndicator(
                "P2",
                "Mineurs orientés vers un établissement de protection ou leur famille",
                U.PEOPLE,
                90,
            ),
        ),
    ),
)

PLANS = [ORIENTAL_PLAN, SOUSS_MASSA_PLAN, TANGER_PLAN]


# --- Support to partners ------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSupport:
    """A support activity given to an organisation, paid by a project (keyed by its code)."""

    kind: str
    day: date
    organisation: str
    project: str
    topic: str
    summary: str
    # organisation key, women, men
    participants: tuple[tuple[str, int, int], ...]
    # action, owner, due date, done
    follow_ups: tuple[tuple[str, str, date, bool], ...]
    facility_code: str = ""


SUPPORT_ACTIVITIES = [
    DemoSupport(
        SupportActivity.Kind.TRAINING,
        date(2026, 3, 17),
        "ngo_a",
        JAPAN_PROJECT,
        "Formation à Oujda : premiers secours psychologiques et orientation des personnes "
        "migrantes vulnérables",
        "Deux jours de formation pour les équipes d’accueil : écoute, repérage des situations "
        "de violence, orientation vers les services de santé et de protection.",
        (("ngo_a", 9, 5), ("ngo_f", 4, 2), ("entraide", 3, 1)),
        (
            (
                "Diffuser l’annuaire des services d’orientation aux équipes",
                "ABCAS",
                date(2026, 4, 15),
                True,
            ),
            (
                "Désigner une personne référente « violences » par structure",
                "ABCAS",
                date(2026, 5, 31),
                True,
            ),
            (
                "Session de rappel pour les nouveaux membres du personnel",
                "OIM",
                date(2027, 1, 31),
                False,
            ),
        ),
    ),  # fmt: skip
    DemoSupport(
        SupportActivity.Kind.VISIT,
        date(2026, 6, 4),
        "ngo_a",
        JAPAN_PROJECT,
        "Visite d’appui : aménagement de l’espace sécurisé pour femmes seules",
        "Visite du chantier et de l’organisation de l’accueil ; revue des procédures "
        "d’admission et de confidentialité.",
        (("ngo_a", 3, 2),),
        (
            (
                "Installer la signalétique et l’éclairage de l’entrée de l’espace femmes",
                "ABCAS",
                date(2026, 7, 31),
                True,
            ),
            ("Rédiger la procédure d’admission de nuit", "ABCAS", date(2026, 12, 15), False),
        ),
        facility_code="DEMO-0001",
    ),  # fmt: skip
    DemoSupport(
        SupportActivity.Kind.WORKSHOP,
        date(2024, 5, 14),
        "crsm",
        INDIMAJ_PROJECT,
        "Atelier de priorisation des actions du plan régional 2025–2029",
        "Atelier de deux jours à Agadir avec les services du Conseil de la Région, les services "
        "déconcentrés et les associations : diagnostic partagé, choix des axes et des actions, "
        "alignement sur la SNIA et les ODD.",
        (("crsm", 6, 8), ("ngo_b", 3, 2), ("entraide", 2, 2)),
        (
            (
                "Consolider la matrice des actions et leurs coûts",
                "Conseil de la Région Souss-Massa",
                date(2024, 7, 31),
                True,
            ),
            (
                "Présenter le projet de plan en commission",
                "Conseil de la Région Souss-Massa",
                date(2024, 11, 30),
                True,
            ),
        ),
    ),  # fmt: skip
    DemoSupport(
        SupportActivity.Kind.COACHING,
        date(2026, 9, 22),
        "ngo_d",
        MOTUSE_PROJECT,
        "Accompagnement à la mise en place du suivi des cas de réintégration",
        "Séance de travail sur les visites de suivi, le score de réintégration et la saisie "
        "des suivis dans Manara.",
        (("ngo_d", 2, 3),),
        (
            ("Saisir les suivis en retard du trimestre", "ATRI", date(2026, 10, 31), True),
            ("Planifier les visites de suivi à douze mois", "ATRI", date(2027, 1, 15), False),
        ),
    ),  # fmt: skip
]


# --- Seeding ------------------------------------------------------------------------------------
