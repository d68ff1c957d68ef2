"""Two administrators edit the same record in the back office: the second save, from a page
loaded before the first, is refused with who changed what; the first change stays and the second
person's input is kept on the page. For the records whose change forms had no check before."""

import datetime

import pytest
from django.test import Client

from accounts.models import Organisation, User
from assessments.models import PrioritySettings
from facilities.models import Region
from plans.models import ActionPlan, PilotProject
from referrals.models import FollowUp, SwotEntry
from tests.factories import ActorFactory, CaseFactory, UserFactory
from tests.plans.test_admin import form_data


def organisation(ngo_a):
    return ngo_a, ("phone", "+212 522000001"), ("acronym", "ONGA")


def user(ngo_a):
    person = UserFactory(username="amina", role=User.Role.PARTNER, organisation=ngo_a)
    return person, ("first_name", "Amina"), ("last_name", "Berrada")


def swot_entry(ngo_a):
    entry = SwotEntry.objects.create(
        actor=ActorFactory(organisation=ngo_a),
        quadrant="S",
        text="Équipe formée",
        source="document_review",
    )
    return entry, ("text", "Équipe formée et stable"), ("source", "interview")


def follow_up(ngo_a):
    entry = FollowUp.objects.create(
        case=CaseFactory(owner=ngo_a),
        kind="phone",
        notes="Appel du lundi",
        by=UserFactory(username="worker", role=User.Role.PARTNER, organisation=ngo_a),
    )
    return entry, ("notes", "Appel du lundi, rappeler"), ("progress_note", "A trouvé un emploi")


def pilot_project(ngo_a):
    plan = ActionPlan.objects.create(
        region=Region.objects.get(code="02"),
        council=ngo_a,
        title="Plan",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
    )
    pilot = PilotProject.objects.create(
        plan=plan,
        title="Guichet mobile",
        problem="Accès",
        objectives="Orienter",
        lead_organisation=ngo_a,
        starts_on=datetime.date(2026, 1, 1),
        duration_months=12,
    )
    return pilot, ("problem", "Accès aux services"), ("objectives", "Orienter et accompagner")


def priority_settings(ngo_a):
    weights = PrioritySettings.objects.first() or PrioritySettings.objects.create()
    return weights, ("weight_gap", "45"), ("weight_severity", "25")


def page_data(page, **changes) -> dict:
    """form_data, with a date-and-time field sent as the back office's two inputs."""
    data = form_data(page, **changes)
    if "date_joined" in data:
        day, time = data.pop("date_joined").split(" ")
        data.update(date_joined_0=day, date_joined_1=time[:8])
    return data


RECORDS = [organisation, user, swot_entry, follow_up, pilot_project, priority_settings]


@pytest.mark.parametrize("make", RECORDS, ids=lambda make: make.__name__)
def test_a_stale_back_office_save_is_refused_and_the_first_change_stays(make, ngo_a):
    record, (first_field, first_value), (second_field, second_value) = make(ngo_a)
    first_admin, other_admin = (
        UserFactory(username=name, role=User.Role.ADMIN, is_staff=True, is_superuser=True)
        for name in ("admin_1", "admin_2")
    )
    first, second = Client(), Client()
    first.force_login(first_admin)
    second.force_login(other_admin)
    meta = record._meta
    url = f"/admin/{meta.app_label}/{meta.model_name}/{record.pk}/change/"
    first_page, second_page = first.get(url), second.get(url)
    assert first_page.status_code == second_page.status_code == 200

    saved = first.post(url, page_data(first_page, **{first_field: first_value}))
    assert saved.status_code == 302, (
        saved.context["adminform"].form.errors if saved.context else saved
    )
    refused = second.post(url, page_data(second_page, **{second_field: second_value}))

    assert refused.status_code == 200
    assert "modifiée par admin_1" in refused.text
    assert second_value in refused.text
    stored = type(record).objects.get(pk=record.pk)
    assert str(getattr(stored, first_field)) == first_value
    assert str(getattr(stored, second_field)) != second_value


def test_signing_in_does_not_make_an_open_user_page_stale(client, ngo_a):
    person = UserFactory(username="amina", role=User.Role.PARTNER, organisation=ngo_a)
    version = person.version

    Client().force_login(person)  # stamps last_login

    person.refresh_from_db()
    assert person.last_login is not None and person.version == version
    assert Organisation.objects.get(pk=ngo_a.pk).version == ngo_a.version
