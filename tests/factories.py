"""Factories that build realistic records for tests, on the real database."""

import datetime
from decimal import Decimal

import factory

from accounts.models import Organisation, User
from assessments.models import Answer, Assessment, Criterion, Dimension, Framework, Need
from facilities.models import Facility, Province, Region, ServiceCategory
from referrals.models import ActorProfile, ActorService, Case, Referral


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Association {n}")
    acronym = factory.Sequence(lambda n: f"A{n}")
    kind = Organisation.Kind.NGO


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = User.Role.VIEWER
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class FacilityFactory(factory.django.DjangoModelFactory):
    """A facility in Oujda (Oriental) unless told otherwise."""

    class Meta:
        model = Facility
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Centre d'accueil {n}")
    kind = Facility.Kind.RECEPTION_CENTRE
    managing_organisation = factory.SubFactory(OrganisationFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(code="02"))
    province = factory.LazyAttribute(
        lambda f: Province.objects.filter(region=f.region).order_by("code").first()
    )
    latitude = Decimal("34.681000")
    longitude = Decimal("-1.908000")
    capacity = 40
    occupancy = 25
    status = Facility.Status.ACTIVE
    is_published = True


class FrameworkFactory(factory.django.DjangoModelFactory):
    """A draft framework; `published_framework()` builds a small one ready to use."""

    class Meta:
        model = Framework

    name = factory.Sequence(lambda n: f"Test framework {n}")
    version = "1.0"


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    framework = factory.SubFactory(FrameworkFactory)
    dimension = Dimension.SAFETY
    code = factory.Sequence(lambda n: f"T-{n:03d}")
    order = factory.Sequence(lambda n: n)
    question_fr = factory.Sequence(lambda n: f"Question {n} ?")
    question_ar = factory.Sequence(lambda n: f"السؤال {n}؟")
    question_en = factory.Sequence(lambda n: f"Question {n}?")
    recommendation_fr = "Mettre en conformité."
    standard = "Sphere 2018"


def published_framework(per_dimension: int = 2, critical_codes=("SAF-1",)) -> Framework:
    """A published framework with `per_dimension` criteria in each dimension (weight 1).

    Codes read ACC-1, SAF-1, SER-1, PRO-1...; the codes in `critical_codes` are critical.
    """
    framework = FrameworkFactory()
    for dimension in Dimension.values:
        for number in range(1, per_dimension + 1):
            code = f"{dimension[:3].upper()}-{number}"
            CriterionFactory(
                framework=framework,
                dimension=dimension,
                code=code,
                is_critical=code in critical_codes,
            )
    framework.publish()
    return framework


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft assessment by the facility's managing organisation."""

    class Meta:
        model = Assessment

    facility = factory.SubFactory(FacilityFactory)
    framework = factory.LazyFunction(lambda: Framework.objects.current() or published_framework())
    assessor_organisation = factory.LazyAttribute(lambda a: a.facility.managing_organisation)


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    facility = factory.LazyAttribute(
        lambda n: n.assessment.facility if n.assessment else FacilityFactory()
    )
    assessment = None
    dimension = Dimension.SAFETY
    kind = Need.Kind.EQUIPMENT
    description = factory.Sequence(lambda n: f"Extincteurs, lot {n}")
    quantity = Decimal("2")
    unit = "unité"
    unit_cost = Decimal("450.00")
    urgency = Need.Urgency.IMMEDIATE


def answer_all(assessment: Assessment, score: int | None = 3, **scores_by_code) -> None:
    """Answer every applicable criterion with `score` (None: not applicable), except the codes
    given as keywords (`SAF_1=0` sets SAF-1 to 0)."""
    overrides = {code.replace("_", "-"): value for code, value in scores_by_code.items()}
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            criterion=criterion,
            score=overrides.get(criterion.code, score),
            not_applicable=overrides.get(criterion.code, score) is None,
        )
        for criterion in assessment.criteria()
    )


def validated_assessment(facility, validator, score: int | None = 3, **scores_by_code):
    """An assessment of `facility`, fully answered, submitted by its author and validated."""
    assessment = AssessmentFactory(facility=facility)
    answer_all(assessment, score, **scores_by_code)
    assessment.submit(validator)
    assessment.validate(validator)
    return assessment


class ActorFactory(factory.django.DjangoModelFactory):
    """A regional actor in the Oriental."""

    class Meta:
        model = ActorProfile
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    level = ActorProfile.Level.REGIONAL

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.regions.set(extracted or [Region.objects.get(code="02")])


class ActorServiceFactory(factory.django.DjangoModelFactory):
    """A service of an actor in the Oriental (psychosocial support unless told otherwise)."""

    class Meta:
        model = ActorService
        skip_postgeneration_save = True

    actor = factory.SubFactory(ActorFactory)
    category = factory.LazyFunction(lambda: ServiceCategory.objects.order_by("order").first())

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.regions.set(extracted or [Region.objects.get(code="02")])


class CaseFactory(factory.django.DjangoModelFactory):
    """A returnee in the Oriental who consented to have their data shared."""

    class Meta:
        model = Case

    programme = Case.Programme.AVRR
    owner = factory.SubFactory(OrganisationFactory)
    sex = Case.Sex.MALE
    age_band = "25-34"
    region = factory.LazyFunction(lambda: Region.objects.get(code="02"))
    consent_given = True
    consent_on = factory.LazyFunction(lambda: datetime.date.today())


class ReferralFactory(factory.django.DjangoModelFactory):
    """A draft referral of a case to a service, from the case's owner."""

    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    service = factory.SubFactory(ActorServiceFactory)
    from_organisation = factory.LazyAttribute(lambda r: r.case.owner)
    reason = "Besoin d'un accompagnement psychosocial."
