"""IOM staff write the actor map in staff pages: actors, services, SWOT, recommendations.

Partners, viewers and councils are refused every editing page; bad input is refused with a
message beside its field and nothing stored; a save over a newer change is refused.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Organisation, User
from activity.models import StatusChange
from facilities.models import Region, ServiceCategory
from referrals.models import ActorProfile, ActorService, Recommendation, SwotEntry
from tests.factories import ActorFactory, ActorServiceFactory, OrganisationFactory, UserFactory

ROLES = ["admin", "iom_staff", "partner", "viewer", "council"]
EDITORS = ("admin", "iom_staff")


def en(name, *args, **kwargs):
    """An English page's address: the tests read the English wording."""
    with translation.override("en"):
        return reverse(f"referrals:{name}", args=args, kwargs=kwargs)


@pytest.fixture
def oriental(db):
    return Region.objects.get(code="02")


@pytest.fixture
def souss(db):
    return Region.objects.get(code="09")


@pytest.fixture
def employment(db):
    return ServiceCategory.objects.get(code="employment")


@pytest.fixture
def council_user(oriental):
    council = OrganisationFactory(
        name="Conseil de la Région de l'Oriental", kind=Organisation.Kind.GOVERNMENT
    )
    council.regions.add(oriental)
    return UserFactory(username="council_t", role=User.Role.VIEWER, organisation=council)


@pytest.fixture
def every_role(users, council_user):
    return {**users, "council": council_user}


@pytest.fixture
def actor(ngo_b, oriental):
    return ActorFactory(organisation=ngo_b, regions=[oriental])


@pytest.fixture
def service(actor, employment, oriental):
    return ActorServiceFactory(actor=actor, category=employment, regions=[oriental])


@pytest.fixture
def swot(actor, iom_user):
    return SwotEntry.objects.create(
        actor=actor, quadrant="S", text="Réseau d'employeurs", source="interview", author=iom_user
    )


@pytest.fixture
def recommendation(actor):
    return Recommendation.objects.create(
        actor=actor,
        action="Signer une convention",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )


def _actor_data(**values):
    data = {
        "standing": "current",
        "level": "regional",
        "engagement": "engaged",
        "description": "",
        "address": "",
        "latitude": "",
        "longitude": "",
    }
    data.update(values)
    return data


def _service_data(category, regions, **values):
    data = {
        "category": category.pk,
        "regions": [region.pk for region in regions],
        "conditions": "",
        "contact_point": "",
        "contact_phone": "",
        "contact_email": "",
        "monthly_capacity": "",
        "is_active": "on",
    }
    data.update(values)
    return data


# Who may open the editing pages


def _editing_pages(actor, service, swot, recommendation):
    return [
        en("actor_create"),
        en("actor_edit", actor.pk),
        en("service_create", actor.pk),
        en("service_edit", service.pk),
        en("swot_create", actor.pk),
        en("swot_edit", swot.pk),
        en("recommendation_create"),
        en("recommendation_edit", recommendation.pk),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_only_iom_roles_open_the_network_editors(
    client, every_role, role, actor, service, swot, recommendation
):
    client.force_login(every_role[role])

    codes = {
        url: client.get(url).status_code
        for url in _editing_pages(actor, service, swot, recommendation)
    }

    expected = 200 if role in EDITORS else 403
    assert set(codes.values()) == {expected}, codes


@pytest.mark.parametrize("role", ["partner", "viewer", "council"])
def test_others_posting_to_the_editors_change_nothing(
    client, every_role, role, actor, service, swot, recommendation, employment, oriental
):
    client.force_login(every_role[role])
    posts = [
        (en("actor_create"), _actor_data(new_organisation_name="X", new_organisation_kind="ngo")),
        (en("service_edit", service.pk), _service_data(employment, [oriental], seen_version=0)),
        (en("swot_delete", swot.pk), {"seen_version": swot.version}),
        (en("recommendation_status", recommendation.pk), {"status": "in_progress"}),
    ]

    codes = [client.post(url, data).status_code for url, data in posts]

    assert codes == [403] * 4
    assert not Organisation.objects.filter(name="X").exists()
    assert SwotEntry.objects.filter(pk=swot.pk).exists()
    assert Recommendation.objects.get(pk=recommendation.pk).status == "planned"


def test_anonymous_visitors_are_sent_to_log_in(client, actor):
    response = client.get(en("actor_edit", actor.pk))

    assert "/accounts/login/" in response["Location"]


def test_an_unknown_actor_or_service_is_404(client, iom_user, db):
    client.force_login(iom_user)

    assert client.get(en("actor_edit", 9999)).status_code == 404
    assert client.get(en("service_edit", 9999)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_edit_links_show_to_iom_roles_only(client, every_role, role, actor, recommendation):
    client.force_login(every_role[role])

    detail = client.get(en("actor_detail", actor.pk)).text
    listing = client.get(en("actor_list")).text
    roadmap = client.get(en("roadmap")).text

    shown = role in EDITORS
    assert (en("actor_edit", actor.pk) in detail) is shown
    assert (en("service_create", actor.pk) in detail) is shown
    assert (en("actor_create") in listing) is shown
    assert (en("recommendation_edit", recommendation.pk) in roadmap) is shown
    assert (en("recommendation_create") in roadmap) is shown


# Actors


def test_iom_staff_add_an_actor_with_a_new_organisation(client, iom_user, oriental):
    client.force_login(iom_user)

    response = client.post(
        en("actor_create"),
        _actor_data(
            new_organisation_name="Association Oujda Emploi",
            new_organisation_acronym="AOE",
            new_organisation_kind="ngo",
            regions=[oriental.pk],
            technical_expertise="4",
            technical_expertise_comment="Conseillers formés",
            latitude="34.68",
            longitude="-1.91",
        ),
        follow=True,
    )

    actor = ActorProfile.objects.get(organisation__name="Association Oujda Emploi")
    assert actor.organisation.kind == "ngo"
    assert list(actor.regions.all()) == [oriental]
    assert actor.technical_expertise == 4
    assert "The actor is recorded." in response.text
    assert actor.history.get().history_user == iom_user


def test_iom_staff_add_an_actor_for_an_existing_organisation(client, iom_user, ngo_a, oriental):
    client.force_login(iom_user)

    client.post(en("actor_create"), _actor_data(organisation=ngo_a.pk, regions=[oriental.pk]))

    assert ngo_a.actor_profile.level == "regional"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({}, "organisation", "Choose the organisation, or name a new one below."),
        (
            {
                "new_organisation_name": "association solidarité souss",
                "new_organisation_kind": "ngo",
            },
            "new_organisation_name",
            "An organisation of this name exists",
        ),
        ({"new_organisation_name": "Nouvelle"}, "new_organisation_kind", "Say what kind"),
        (
            {"new_organisation_name": "Nouvelle", "new_organisation_kind": "ngo", "latitude": "34"},
            "longitude",
            "Give both coordinates, or neither.",
        ),
        (
            {
                "new_organisation_name": "Nouvelle",
                "new_organisation_kind": "ngo",
                "technical_expertise": "7",
            },
            "technical_expertise",
            "less than or equal to 5",
        ),
    ],
)
def test_a_bad_actor_is_refused_beside_its_field_and_nothing_is_stored(
    client, iom_user, ngo_b, values, field, message
):
    client.force_login(iom_user)
    before = (Organisation.objects.count(), ActorProfile.objects.count())

    response = client.post(en("actor_create"), _actor_data(**values))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message.split(":")[0] in response.text
    assert (Organisation.objects.count(), ActorProfile.objects.count()) == before


def test_an_actor_keeps_the_regions_its_active_services_serve(client, iom_user, actor, service):
    client.force_login(iom_user)
    souss = Region.objects.get(code="09")

    response = client.post(
        en("actor_edit", actor.pk),
        _actor_data(regions=[souss.pk], seen_version=actor.version, level="local"),
    )

    assert response.status_code == 400
    assert "Active services of this actor still serve Oriental" in response.text
    actor.refresh_from_db()
    assert actor.level == "regional"


def test_text_with_a_script_is_stored_as_typed_and_shown_escaped(client, iom_user, actor):
    client.force_login(iom_user)

    client.post(
        en("actor_edit", actor.pk),
        _actor_data(
            regions=[r.pk for r in actor.regions.all()],
            description="<script>alert(1)</script>",
            seen_version=actor.version,
        ),
    )

    assert ActorProfile.objects.get(pk=actor.pk).description == "<script>alert(1)</script>"
    page = client.get(en("actor_detail", actor.pk)).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_stale_actor_save_is_refused_and_names_who_changed_it(
    client, iom_user, admin_user, actor
):
    seen = actor.version
    other = Client()
    other.force_login(admin_user)
    other.post(
        en("actor_edit", actor.pk),
        _actor_data(
            regions=[r.pk for r in actor.regions.all()], level="national", seen_version=seen
        ),
    )
    client.force_login(iom_user)

    response = client.post(
        en("actor_edit", actor.pk),
        _actor_data(
            regions=[r.pk for r in actor.regions.all()], address="Oujda", seen_version=seen
        ),
    )

    assert response.status_code == 400
    assert "Since you opened this page, this record has been changed by admin_t" in response.text
    stored = ActorProfile.objects.get(pk=actor.pk)
    assert (stored.level, stored.address) == ("national", "")
    assert 'value="Oujda"' in response.text  # the input is kept


def test_the_actor_editor_shows_the_history(client, iom_user, actor):
    client.force_login(iom_user)
    client.post(
        en("actor_edit", actor.pk),
        _actor_data(
            regions=[r.pk for r in actor.regions.all()], address="Oujda", seen_version=actor.version
        ),
    )

    page = client.get(en("actor_edit", actor.pk)).text

    assert 'data-testid="history"' in page
    assert "Oujda" in page.split('data-testid="history"')[1]


# Services


def test_iom_staff_add_a_service_that_the_coverage_and_pathway_editor_then_offer(
    client, iom_user, actor, oriental, employment
):
    client.force_login(iom_user)

    client.post(
        en("service_create", actor.pk),
        _service_data(employment, [oriental], languages=["ar", "fr"], monthly_capacity="20"),
    )

    service = ActorService.objects.get(actor=actor, category=employment)
    assert list(service.regions.all()) == [oriental]
    assert service.languages == ["ar", "fr"]
    coverage = client.get(en("coverage"))
    cells = {
        (row["category"].code, cell["region"].code): cell["count"]
        for row in coverage.context["rows"]
        for cell in row["cells"]
    }
    assert cells[("employment", "02")] == 1
    editor = client.get(en("pathway_edit", oriental.pk, "employment"))
    assert str(actor.organisation) in editor.text


def test_a_service_in_a_region_the_actor_does_not_work_in_is_refused(
    client, iom_user, actor, souss, employment
):
    client.force_login(iom_user)

    response = client.post(en("service_create", actor.pk), _service_data(employment, [souss]))

    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["regions"])
    assert "does not work in Souss-Massa" in errors
    assert "does not work in Souss-Massa" in response.text
    assert not ActorService.objects.exists()


def test_the_back_office_refuses_the_same_service_region(
    client, admin_user, actor, souss, employment
):
    # IOM's back-office administrators are superusers (see the README's roles).
    admin_user.preferred_language = "en"
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    response = client.post(
        "/admin/referrals/actorservice/add/",
        {
            "actor": actor.pk,
            "category": employment.pk,
            "regions": [souss.pk],
            "languages": "[]",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "does not work in Souss-Massa" in response.text
    assert not ActorService.objects.exists()


def test_an_actor_offers_a_category_once(client, iom_user, actor, service, employment, oriental):
    client.force_login(iom_user)

    response = client.post(en("service_create", actor.pk), _service_data(employment, [oriental]))

    assert response.status_code == 400
    assert "already offers this service" in response.text
    assert ActorService.objects.count() == 1


def test_a_deactivated_service_leaves_the_coverage_matrix(client, iom_user, service, oriental):
    client.force_login(iom_user)
    data = _service_data(service.category, [oriental], seen_version=service.version)
    del data["is_active"]

    client.post(en("service_edit", service.pk), data)

    service.refresh_from_db()
    assert service.is_active is False
    rows = client.get(en("coverage")).context["rows"]
    assert all(cell["count"] == 0 for row in rows for cell in row["cells"])
    assert service.history.latest().history_user.username == "iom_t"


def test_a_stale_service_save_is_refused(client, iom_user, service, oriental):
    seen = service.version
    service.contact_point = "Mme Alaoui"
    service.save()
    client.force_login(iom_user)

    response = client.post(
        en("service_edit", service.pk),
        _service_data(service.category, [oriental], contact_point="M. Idrissi", seen_version=seen),
    )

    assert response.status_code == 400
    assert "Since you opened this page" in response.text
    assert ActorService.objects.get(pk=service.pk).contact_point == "Mme Alaoui"


# SWOT


def test_iom_staff_add_edit_and_delete_a_swot_entry(client, iom_user, actor):
    client.force_login(iom_user)
    client.post(
        en("swot_create", actor.pk),
        {
            "quadrant": "W",
            "text": "Peu de personnel",
            "source": "field_visit",
            "recorded_on": "2026-01-10",
        },
    )
    entry = SwotEntry.objects.get(actor=actor)
    assert (entry.author, entry.recorded_on) == (iom_user, datetime.date(2026, 1, 10))

    client.post(
        en("swot_edit", entry.pk),
        {
            "quadrant": "W",
            "text": "Deux salariés",
            "source": "field_visit",
            "recorded_on": "2026-01-15",
            "seen_version": entry.version,
        },
    )
    entry.refresh_from_db()
    assert entry.text == "Deux salariés"

    client.post(en("swot_delete", entry.pk), {"seen_version": entry.version})
    assert not SwotEntry.objects.exists()
    assert entry.history.filter(history_type="-").get().history_user == iom_user


def test_a_swot_entry_without_a_source_is_refused_beside_the_field(client, iom_user, actor):
    client.force_login(iom_user)

    response = client.post(
        en("swot_create", actor.pk),
        {"quadrant": "S", "text": "Bon ancrage", "source": "", "recorded_on": "2026-01-15"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["source"] == ["This field is required."]
    assert "This field is required." in response.text
    assert not SwotEntry.objects.exists()


def test_a_stale_swot_delete_is_refused(client, iom_user, swot):
    seen = swot.version
    swot.text = "Réseau d'employeurs et de formateurs"
    swot.save()
    client.force_login(iom_user)

    response = client.post(en("swot_delete", swot.pk), {"seen_version": seen}, follow=True)

    assert "Since you opened this page" in response.text
    assert SwotEntry.objects.filter(pk=swot.pk).exists()


# Recommendations


def test_iom_staff_create_a_recommendation_made_today(client, iom_user, actor, ngo_b):
    client.force_login(iom_user)

    client.post(
        en("recommendation_create"),
        {
            "actor": actor.pk,
            "action": "Former deux conseillers",
            "responsible": ngo_b.pk,
            "due_on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
            "priority": "high",
        },
    )

    stored = Recommendation.objects.get()
    assert (stored.created_on, stored.status, stored.priority) == (
        timezone.localdate(),
        "planned",
        "high",
    )


def test_a_new_recommendation_due_in_the_past_is_refused(client, iom_user, actor):
    client.force_login(iom_user)

    response = client.post(
        en("recommendation_create"),
        {
            "actor": actor.pk,
            "action": "Former deux conseillers",
            "due_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "priority": "high",
        },
    )

    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["due_on"])
    assert "cannot be before the recommendation was made" in errors
    assert "cannot be before the recommendation was made" in response.text
    assert not Recommendation.objects.exists()


def test_an_existing_recommendation_cannot_fall_due_before_it_was_made(
    client, iom_user, recommendation
):
    Recommendation.objects.filter(pk=recommendation.pk).update(created_on=datetime.date(2026, 3, 1))
    client.force_login(iom_user)
    data = {
        "actor": recommendation.actor_id,
        "action": recommendation.action,
        "priority": "medium",
        "seen_version": recommendation.version,
    }

    refused = client.post(
        en("recommendation_edit", recommendation.pk), {**data, "due_on": "2026-02-28"}
    )
    accepted = client.post(
        en("recommendation_edit", recommendation.pk), {**data, "due_on": "2026-03-01"}
    )

    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert Recommendation.objects.get(pk=recommendation.pk).due_on == datetime.date(2026, 3, 1)


def test_a_recommendation_names_an_actor_or_a_region(client, iom_user):
    client.force_login(iom_user)

    response = client.post(
        en("recommendation_create"), {"action": "Cartographier", "priority": "low"}
    )

    assert response.status_code == 400
    assert "for an actor or for a region" in response.text
    assert not Recommendation.objects.exists()


def test_the_status_moves_through_the_workflow_with_its_reason(client, iom_user, recommendation):
    client.force_login(iom_user)
    url = en("recommendation_status", recommendation.pk)

    client.post(url, {"status": "in_progress", "seen_version": recommendation.version})
    recommendation.refresh_from_db()
    without_reason = client.post(
        url, {"status": "cancelled", "seen_version": recommendation.version}, follow=True
    )
    client.post(
        url,
        {
            "status": "cancelled",
            "reason": "Partenaire parti",
            "seen_version": recommendation.version,
        },
    )

    assert "Give the reason" in without_reason.text
    recommendation.refresh_from_db()
    assert recommendation.status == "cancelled"
    moves = StatusChange.objects.filter(object_id=recommendation.pk).order_by("at", "pk")
    assert [(m.to_status, m.reason) for m in moves] == [
        ("in_progress", ""),
        ("cancelled", "Partenaire parti"),
    ]
    page = client.get(en("recommendation_edit", recommendation.pk)).text
    assert "Partenaire parti" in page.split('data-testid="status-moves"')[1]


def test_a_status_move_from_a_stale_page_is_refused(client, iom_user, recommendation):
    seen = recommendation.version
    recommendation.action = "Signer une convention cadre"
    recommendation.save()
    client.force_login(iom_user)

    response = client.post(
        en("recommendation_status", recommendation.pk),
        {"status": "in_progress", "seen_version": seen},
        follow=True,
    )

    assert "Since you opened this page" in response.text
    assert Recommendation.objects.get(pk=recommendation.pk).status == "planned"


def test_a_stale_swot_save_is_refused_and_keeps_the_input(client, iom_user, admin_user, swot):
    seen = swot.version
    swot.source = "document_review"
    swot._history_user = admin_user
    swot.save()
    client.force_login(iom_user)

    response = client.post(
        en("swot_edit", swot.pk),
        {
            "quadrant": "S",
            "text": "Réseau de 40 employeurs",
            "source": "interview",
            "recorded_on": "2026-01-15",
            "seen_version": seen,
        },
    )

    assert response.status_code == 400
    assert "changed by admin_t (source)" in response.text
    assert "Réseau de 40 employeurs" in response.text
    assert SwotEntry.objects.get(pk=swot.pk).text == "Réseau d'employeurs"


def test_a_stale_recommendation_save_is_refused(client, iom_user, recommendation):
    seen = recommendation.version
    recommendation.move("in_progress", iom_user)
    client.force_login(iom_user)

    response = client.post(
        en("recommendation_edit", recommendation.pk),
        {
            "actor": recommendation.actor_id,
            "action": "Signer deux conventions",
            "priority": "high",
            "due_on": recommendation.due_on.isoformat(),
            "seen_version": seen,
        },
    )

    assert response.status_code == 400
    assert "Since you opened this page" in response.text
    assert Recommendation.objects.get(pk=recommendation.pk).action == "Signer une convention"
