"""Editing a referral pathway in the application: IOM roles only, checked input, no lost work."""

import pytest
from django.urls import reverse

from facilities.models import Region, ServiceCategory
from referrals.models import Pathway, PathwayStep
from tests.factories import ActorFactory, ActorServiceFactory, OrganisationFactory

ROLES = ["admin", "iom_staff", "partner", "viewer"]


@pytest.fixture
def oriental(db):
    return Region.objects.get(code="02")


@pytest.fixture
def employment(db):
    return ServiceCategory.objects.get(code="employment")


def _provider(name, category, region):
    actor = ActorFactory(organisation=OrganisationFactory(name=name), regions=[region])
    return ActorServiceFactory(actor=actor, category=category, regions=[region])


@pytest.fixture
def providers(oriental, employment):
    """Two employment providers in the Oriental, and one in Casablanca-Settat only."""
    return {
        "anapec": _provider("ANAPEC Oujda", employment, oriental),
        "ong": _provider("Association Oujda Emploi", employment, oriental),
        "casa": _provider("ANAPEC Casablanca", employment, Region.objects.get(code="06")),
    }


def _url(region, category):
    return reverse("referrals:pathway_edit", args=[region.pk, category.code])


def _post_data(steps, seen="", **texts):
    """The form as a browser sends it: texts, the management form and one row per step."""
    data = {
        "seen": seen,
        "eligibility": texts.get("eligibility", ""),
        "what_to_bring": texts.get("what_to_bring", ""),
        "notes": texts.get("notes", ""),
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(sum(1 for step in steps if step.get("id"))),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, step in enumerate(steps):
        for key, value in step.items():
            data[f"steps-{index}-{key}"] = value
    return data


@pytest.mark.parametrize(("role", "allowed"), [(r, r in ("admin", "iom_staff")) for r in ROLES])
def test_only_iom_roles_open_the_pathway_editor(
    client, users, role, allowed, oriental, employment, providers
):
    client.force_login(users[role])

    response = client.get(_url(oriental, employment))

    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert "ANAPEC Oujda" in response.text
        assert "Association Oujda Emploi" in response.text
        # Only providers of this service in this region can be chosen.
        assert "ANAPEC Casablanca" not in response.text


@pytest.mark.parametrize(("role", "shown"), [(r, r in ("admin", "iom_staff")) for r in ROLES])
def test_the_edit_link_on_the_pathway_page_is_shown_to_iom_roles_only(
    client, users, role, shown, oriental, employment, providers
):
    client.force_login(users[role])

    page = client.get(reverse("referrals:pathways"), {"region": oriental.pk}).text

    assert (_url(oriental, employment) in page) is shown


def test_anonymous_visitors_are_sent_to_log_in(client, oriental, employment):
    response = client.get(_url(oriental, employment))

    assert "/accounts/login/" in response["Location"]


def test_an_unknown_region_or_service_is_not_found(client, iom_user, oriental, employment):
    client.force_login(iom_user)

    unknown_region = reverse("referrals:pathway_edit", args=[9999, "employment"])
    unknown_service = reverse("referrals:pathway_edit", args=[oriental.pk, "nope"])

    assert client.get(unknown_region).status_code == 404
    assert client.get(unknown_service).status_code == 404


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_a_partner_or_viewer_posting_changes_nothing(
    client, users, role, oriental, employment, providers
):
    client.force_login(users[role])

    response = client.post(
        _url(oriental, employment),
        _post_data([{"service": providers["anapec"].pk, "order": "1"}], eligibility="Tous"),
    )

    assert response.status_code == 403
    assert not Pathway.objects.exists()


def test_iom_staff_writes_a_new_pathway_that_the_pathway_page_then_shows_in_order(
    client, iom_user, oriental, employment, providers
):
    client.force_login(iom_user)

    response = client.post(
        _url(oriental, employment),
        _post_data(
            [
                {"service": providers["ong"].pk, "order": "2", "note": "Si ANAPEC est saturée"},
                {"service": providers["anapec"].pk, "order": "1"},
                {"service": "", "order": "3", "note": ""},
            ],
            eligibility="Personnes de retour de 18 à 45 ans",
            what_to_bring="CIN, attestation de retour",
        ),
        follow=True,
    )

    pathway = Pathway.objects.get(region=oriental, category=employment)
    assert pathway.what_to_bring == "CIN, attestation de retour"
    assert [step.service.actor.organisation.name for step in pathway.steps.all()] == [
        "ANAPEC Oujda",
        "Association Oujda Emploi",
    ]
    assert "est enregistré" in response.text
    listed = response.text.split('data-testid="pathway-employment"')[1].split("</ol>")[0]
    assert listed.index("ANAPEC Oujda") < listed.index("Association Oujda Emploi")
    assert "Si ANAPEC est saturée" in listed
    assert "Personnes de retour de 18 à 45 ans" in response.text


def test_iom_staff_reorders_and_removes_providers_of_an_existing_pathway(
    client, iom_user, oriental, employment, providers
):
    pathway = Pathway.objects.create(region=oriental, category=employment)
    first = PathwayStep.objects.create(pathway=pathway, service=providers["anapec"], order=1)
    second = PathwayStep.objects.create(pathway=pathway, service=providers["ong"], order=2)
    client.force_login(iom_user)
    seen = client.get(_url(oriental, employment)).context["seen"]

    client.post(
        _url(oriental, employment),
        _post_data(
            [
                {"id": first.pk, "service": providers["anapec"].pk, "order": "1", "DELETE": "on"},
                {"id": second.pk, "service": providers["ong"].pk, "order": "1"},
            ],
            seen=seen,
        ),
    )

    assert [step.service for step in pathway.steps.all()] == [providers["ong"]]
    assert pathway.steps.get().order == 1


def test_a_provider_outside_the_region_is_refused_and_nothing_is_stored(
    client, iom_user, oriental, employment, providers
):
    client.force_login(iom_user)

    response = client.post(
        _url(oriental, employment),
        _post_data([{"service": providers["casa"].pk, "order": "1"}], eligibility="Tous"),
    )

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text
    assert "n’a pas été enregistré" in response.text or "n'a pas été enregistré" in response.text
    assert not Pathway.objects.exists()


def test_the_same_provider_twice_is_refused_and_the_stored_pathway_is_kept(
    client, iom_user, oriental, employment, providers
):
    pathway = Pathway.objects.create(region=oriental, category=employment, eligibility="Avant")
    PathwayStep.objects.create(pathway=pathway, service=providers["ong"], order=1)
    client.force_login(iom_user)
    seen = client.get(_url(oriental, employment)).context["seen"]

    response = client.post(
        _url(oriental, employment),
        _post_data(
            [
                {"service": providers["anapec"].pk, "order": "1"},
                {"service": providers["anapec"].pk, "order": "2"},
            ],
            seen=seen,
            eligibility="Après",
        ),
    )

    assert "Chaque prestataire figure une seule fois" in response.text
    pathway.refresh_from_db()
    assert pathway.eligibility == "Avant"
    assert [step.service for step in pathway.steps.all()] == [providers["ong"]]


def test_a_save_over_someone_elses_newer_save_is_refused_and_theirs_is_kept(
    client, iom_user, admin_user, oriental, employment, providers
):
    pathway = Pathway.objects.create(region=oriental, category=employment, eligibility="Initial")
    client.force_login(iom_user)
    seen_by_iom = client.get(_url(oriental, employment)).context["seen"]
    client.force_login(admin_user)
    seen_by_admin = client.get(_url(oriental, employment)).context["seen"]
    client.post(
        _url(oriental, employment),
        _post_data([], seen=seen_by_admin, eligibility="Version de l'administrateur"),
    )
    client.force_login(iom_user)

    response = client.post(
        _url(oriental, employment),
        _post_data([], seen=seen_by_iom, eligibility="Version de l'OIM"),
        follow=True,
    )

    pathway.refresh_from_db()
    assert pathway.eligibility == "Version de l'administrateur"
    assert "depuis que vous l" in response.text
    assert "Version de l&#x27;administrateur" in response.text


def test_text_typed_in_a_pathway_is_shown_as_text_not_markup(
    client, iom_user, oriental, employment, providers
):
    client.force_login(iom_user)

    client.post(
        _url(oriental, employment),
        _post_data(
            [{"service": providers["anapec"].pk, "order": "1"}],
            what_to_bring="<script>alert(1)</script>",
        ),
    )
    page = client.get(reverse("referrals:pathways"), {"region": oriental.pk}).text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
