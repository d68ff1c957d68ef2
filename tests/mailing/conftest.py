"""Fixtures of the mail tests: a referral ready to be sent and mails in each status."""

import pytest

from facilities.models import ServiceCategory
from mailing.models import OutgoingMail
from tests.factories import ActorFactory, ActorServiceFactory, CaseFactory, ReferralFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    """Tasks queued in the database for `db_worker`, as in production: nothing runs by itself."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def refusing_server(settings):
    """A mail server that refuses every message (550)."""
    settings.EMAIL_BACKEND = "tests.mailing.refusing_backend.RefusingBackend"


@pytest.fixture
def service_of_ngo_a(ngo_a):
    return ActorServiceFactory(
        actor=ActorFactory(organisation=ngo_a), category=ServiceCategory.objects.get(code="mhpss")
    )


@pytest.fixture
def draft_referral(iom_org, service_of_ngo_a):
    return ReferralFactory(case=CaseFactory(owner=iom_org), service=service_of_ngo_a)


@pytest.fixture
def failed_mail(partner_user):
    return OutgoingMail.objects.create(
        user=partner_user,
        address=partner_user.email,
        language="fr",
        subject="[Manara] Orientation RET-2026-00001 : Envoyée.",
        body="Orientation RET-2026-00001\n\nL’ouvrir dans Manara : https://manara.test/",
        status=OutgoingMail.Status.FAILED,
        attempts=5,
        last_error="SMTPDataError: (550, b'5.7.1 Relaying denied')",
    )


@pytest.fixture
def sent_mail(iom_user):
    return OutgoingMail.objects.create(
        user=iom_user,
        address=iom_user.email,
        language="fr",
        subject="[Manara] Orientation RET-2026-00002 : Acceptée.",
        status=OutgoingMail.Status.SENT,
        attempts=1,
    )
