"""An actor's page links to its organisation, the referrals it received and, on each service,
"refer a case here": the user picks one of their cases and lands on its prefilled referral form."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Organisation, User
from facilities.models import Region, ServiceCategory
from referrals.models import Referral
from tests.factories import (
    ActorFactory,
    ActorServiceFactory,
    CaseFactory,
    OrganisationFactory,
    ReferralFactory,
    UserFactory,
)


def en(name, *args):
    with translation.override("en"):
        return reverse(f"referrals:{name}", args=args)


@pytest.fixture
def oriental(db):
    return Region.objects.get(code="02")


@pytest.fixture
def service(ngo_b, oriental):
    """NGO B's employment service in the Oriental."""
    actor = ActorFactory(organisation=ngo_b, regions=[oriental])
    return ActorServiceFactory(
        actor=actor, category=ServiceCategory.objects.get(code="employment"), regions=[oriental]
    )


@pytest.fixture
def cases(ngo_a, iom_org, oriental):
    """Cases of NGO A (partner_user) and IOM in the Oriental; one of NGO A in Souss-Massa."""
    return {
        "a": CaseFactory(owner=ngo_a, region=oriental),
        "iom": CaseFactory(owner=iom_org, region=oriental),
        "a_souss": CaseFactory(owner=ngo_a, region=Region.objects.get(code="09")),
    }


def _pick_url(service):
    return en("refer_to_service") + f"?service={service.pk}"


def test_a_partner_sees_only_its_own_cases_in_the_services_regions(
    client, partner_user, service, cases
):
    client.force_login(partner_user)

    listed = list(client.get(_pick_url(service)).context["page_obj"].object_list)

    assert listed == [cases["a"]]


def test_iom_staff_see_every_open_case_in_the_services_regions(client, iom_user, service, cases):
    cases["a"].status = "closed"
    cases["a"].save()
    client.force_login(iom_user)

    listed = set(client.get(_pick_url(service)).context["page_obj"].object_list)

    assert listed == {cases["iom"]}


def test_the_cases_are_searched_by_reference(client, iom_user, service, cases):
    client.force_login(iom_user)

    response = client.get(_pick_url(service) + f"&q={cases['iom'].reference}")

    assert list(response.context["page_obj"].object_list) == [cases["iom"]]


@pytest.mark.parametrize("who", ["viewer_user", "council_user"])
def test_viewers_and_councils_cannot_refer(client, request, who, service, oriental):
    if who == "council_user":
        council = OrganisationFactory(name="Conseil", kind=Organisation.Kind.GOVERNMENT)
        user = UserFactory(username="council_t", role=User.Role.VIEWER, organisation=council)
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)

    assert client.get(_pick_url(service)).status_code == 403


def test_an_inactive_or_unknown_service_is_404(client, iom_user, service):
    service.is_active = False
    service.save()
    client.force_login(iom_user)

    assert client.get(_pick_url(service)).status_code == 404
    assert client.get(en("refer_to_service") + "?service=abc").status_code == 404


def test_the_case_page_opens_the_referral_form_with_the_service_chosen(
    client, partner_user, service, cases
):
    client.force_login(partner_user)
    link = client.get(_pick_url(service)).text
    case_url = cases["a"].get_absolute_url().replace("/fr/", "/en/")
    assert f"{case_url}?service={service.pk}#refer" in link

    page = client.get(f"{case_url}?service={service.pk}")

    assert page.context["referral_form"]["service"].value() == service.pk
    assert f'<option value="{service.pk}" selected>' in page.text


def test_a_service_the_form_does_not_offer_is_not_chosen(client, partner_user, service, cases):
    client.force_login(partner_user)
    case_url = cases["a_souss"].get_absolute_url().replace("/fr/", "/en/")

    page = client.get(f"{case_url}?service={service.pk}")

    assert page.context["referral_form"]["service"].value() is None


def test_the_referral_is_created_with_the_forms_own_checks(client, partner_user, service, cases):
    client.force_login(partner_user)
    with translation.override("en"):
        url = reverse("referrals:referral_create", args=[cases["a"].pk])

    client.post(url, {"service": service.pk, "reason": "Recherche d'emploi", "urgency": "normal"})

    referral = Referral.objects.get()
    assert (referral.case, referral.service, referral.to_organisation) == (
        cases["a"],
        service,
        service.actor.organisation,
    )


@pytest.mark.parametrize(
    ("who", "refer", "organisation_link"),
    [
        ("admin_user", True, True),
        ("iom_user", True, True),
        ("partner_user", True, False),
        ("other_partner_user", True, True),
        ("viewer_user", False, False),
    ],
)
def test_the_actor_page_links_by_role(client, request, who, refer, organisation_link, service):
    client.force_login(request.getfixturevalue(who))

    page = client.get(en("actor_detail", service.actor_id)).text

    assert (_pick_url(service).replace("&", "&amp;") in page or _pick_url(service) in page) is refer
    with translation.override("en"):
        organisation_url = reverse(
            "plans:organisation_detail", args=[service.actor.organisation_id]
        )
    assert (organisation_url in page) is organisation_link


def test_the_actor_page_counts_the_referrals_it_received(client, iom_user, service, cases):
    ReferralFactory(case=cases["iom"], service=service)
    ReferralFactory(case=cases["a"], service=service)
    client.force_login(iom_user)

    page = client.get(en("actor_detail", service.actor_id)).text

    received = page.split('data-testid="received-referrals"')[0].rsplit("<a ", 1)[1]
    assert f"organisation={service.actor.organisation_id}&amp;side=received" in received
    assert "2 referrals received" in page


def test_a_partner_counts_only_the_referrals_it_may_read(client, partner_user, service, cases):
    ReferralFactory(case=cases["iom"], service=service)
    ReferralFactory(case=cases["a"], service=service)
    client.force_login(partner_user)

    page = client.get(en("actor_detail", service.actor_id)).text

    assert "1 referral received" in page


@pytest.mark.parametrize("count", [2, 20])
def test_the_case_picker_runs_a_fixed_number_of_queries(
    client, iom_user, service, iom_org, oriental, count, django_assert_max_num_queries
):
    for _index in range(count):
        CaseFactory(owner=iom_org, region=oriental)
    client.force_login(iom_user)

    with django_assert_max_num_queries(14):
        response = client.get(_pick_url(service))

    assert len(response.context["page_obj"].object_list) == count
