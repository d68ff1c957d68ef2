"""Factories that build realistic records for tests, on the real database."""

from decimal import Decimal

import factory

from accounts.models import Organisation, User
from facilities.models import Facility, Province, Region


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
