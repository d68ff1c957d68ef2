"""Partners propose changes to their own actor profile; IOM staff accept or reject them.

Accepting writes the change under the record's version claim (the history names the reviewer);
both sides are told through the notifications; a partner never proposes for another
organisation (404), and viewers and councils are refused (403).
"""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Organisation, User
from facilities.models import Region, ServiceCategory
from notifications.models import Notification
from referrals.models import ActorChangeProposal, ActorProfile, ActorService
from tests.factories import ActorFactory, ActorServiceFactory, OrganisationFactory, UserFactory


def en(name, *args):
    with translation.override("en"):
        return reverse(f"referrals:{name}", args=args)


@pytest.fixture
def oriental(db):
    return Region.objects.get(code="02")


@pytest.fixture
def council_user(oriental):
    council = OrganisationFactory(name="Conseil Oriental", kind=Organisation.Kind.GOVERNMENT)
    return UserFactory(username="council_t", role=User.Role.VIEWER, organisation=council)


@pytest.fixture
def own_actor(ngo_a, oriental):
    """The actor profile of partner_user's organisation (NGO A), in the Oriental."""
    return ActorFactory(organisation=ngo_a, regions=[oriental], description="Accueil")


@pytest.fixture
def own_service(own_actor, oriental):
    return ActorServiceFactory(
        actor=own_actor,
        category=ServiceCategory.objects.get(code="employment"),
        regions=[oriental],
        contact_point="Mme Alaoui",
    )


@pytest.fixture
def other_actor(ngo_b, oriental):
    return ActorFactory(organisation=ngo_b, regions=[oriental])


def _service_post(service, **values):
    data = {
        "category": service.category_id,
        "regions": [r.pk for r in service.regions.all()],
        "conditions": service.conditions,
        "contact_point": service.contact_point,
        "contact_phone": service.contact_phone,
        "contact_email": service.contact_email,
        "monthly_capacity": service.monthly_capacity or "",
        "is_active": "on",
        "note": "",
    }
    data.update(values)
    return data


@pytest.fixture
def proposal(client, partner_user, own_service, iom_user):
    """partner_user proposes a new contact for its employment service."""
    client.force_login(partner_user)
    client.post(
        en("proposal_create", own_service.actor_id) + f"?service={own_service.pk}",
        _service_post(own_service, contact_point="M. Idrissi", note="Nouveau référent"),
    )
    client.logout()
    return ActorChangeProposal.objects.get()


# Who may propose


def test_a_partner_opens_the_proposal_pages_of_its_own_actor(client, partner_user, own_service):
    client.force_login(partner_user)
    base = en("proposal_create", own_service.actor_id)

    codes = [
        client.get(url).status_code
        for url in (base, f"{base}?service=new", f"{base}?service={own_service.pk}")
    ]

    assert codes == [200, 200, 200]


def test_a_partner_cannot_propose_for_another_organisation(client, partner_user, other_actor):
    client.force_login(partner_user)

    get = client.get(en("proposal_create", other_actor.pk))
    post = client.post(
        en("proposal_create", other_actor.pk), {"description": "Pris", "address": ""}
    )

    assert (get.status_code, post.status_code) == (404, 404)
    assert not ActorChangeProposal.objects.exists()


def test_a_partner_cannot_propose_for_a_service_of_another_actor(
    client, partner_user, own_actor, other_actor
):
    service = ActorServiceFactory(actor=other_actor)
    client.force_login(partner_user)

    response = client.get(en("proposal_create", own_actor.pk) + f"?service={service.pk}")

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["iom_user", "viewer_user", "council_user"])
def test_iom_viewers_and_councils_do_not_propose(client, request, who, own_actor):
    client.force_login(request.getfixturevalue(who))

    response = client.get(en("proposal_create", own_actor.pk))

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("who", "code"),
    [("admin_user", 200), ("iom_user", 200), ("partner_user", 200), ("viewer_user", 403)],
)
def test_who_reads_the_list_of_proposals(client, request, who, code, db):
    client.force_login(request.getfixturevalue(who))

    assert client.get(en("proposal_list")).status_code == code


def test_a_partner_lists_only_its_organisations_proposals(
    client, partner_user, proposal, other_actor, other_partner_user
):
    ActorChangeProposal.objects.create(
        actor=other_actor, subject="profile", proposed={"description": "B"}
    )
    client.force_login(partner_user)

    listed = client.get(en("proposal_list")).context["page_obj"].object_list

    assert list(listed) == [proposal]


def test_another_partner_cannot_open_or_answer_a_proposal(
    client, other_partner_user, proposal, council_user
):
    client.force_login(other_partner_user)

    assert client.get(en("proposal_review", proposal.pk)).status_code == 404
    assert (
        client.post(
            en("proposal_review", proposal.pk),
            {"status": "accepted", "seen_version": proposal.version},
        ).status_code
        == 404
    )
    client.force_login(council_user)
    assert client.get(en("proposal_review", proposal.pk)).status_code == 403


def test_the_proposing_partner_cannot_accept_its_own_proposal(client, partner_user, proposal):
    client.force_login(partner_user)

    response = client.post(
        en("proposal_review", proposal.pk),
        {"status": "accepted", "seen_version": proposal.version},
    )

    assert response.status_code == 403
    assert ActorChangeProposal.objects.get().status == "pending"


# End to end


def test_a_proposal_stores_only_what_changed_and_tells_iom(proposal, own_service, iom_user):
    assert proposal.proposed == {"contact_point": "M. Idrissi"}
    assert proposal.service == own_service
    assert proposal.note == "Nouveau référent"
    assert ActorService.objects.get(pk=own_service.pk).contact_point == "Mme Alaoui"
    told = Notification.objects.get(kind="actor_change_proposed")
    assert told.recipient == iom_user
    assert told.url == f"/actors/proposals/{proposal.pk}/"


def test_iom_accepts_a_proposal_and_the_partner_is_told(
    client, iom_user, partner_user, proposal, own_service
):
    client.force_login(iom_user)
    review = client.get(en("proposal_review", proposal.pk))
    assert "Mme Alaoui" in review.text and "M. Idrissi" in review.text

    client.post(
        en("proposal_review", proposal.pk),
        {"status": "accepted", "seen_version": proposal.version},
    )

    service = ActorService.objects.get(pk=own_service.pk)
    assert service.contact_point == "M. Idrissi"
    assert service.history.latest().history_user == iom_user
    stored = ActorChangeProposal.objects.get()
    assert (stored.status, stored.reviewed_by) == ("accepted", iom_user)
    told = Notification.objects.get(kind="actor_change_answered")
    assert told.recipient == partner_user
    with translation.override("en"):
        assert "Accepted" in told.text


def test_accepting_keeps_what_iom_changed_meanwhile_in_other_fields(
    client, iom_user, proposal, own_service
):
    own_service.conditions = "Sur rendez-vous"
    own_service.save()
    client.force_login(iom_user)

    client.post(
        en("proposal_review", proposal.pk),
        {"status": "accepted", "seen_version": proposal.version},
    )

    service = ActorService.objects.get(pk=own_service.pk)
    assert (service.contact_point, service.conditions) == ("M. Idrissi", "Sur rendez-vous")


def test_a_rejection_needs_its_reason_and_is_told_to_the_partner(
    client, iom_user, partner_user, proposal, own_service
):
    client.force_login(iom_user)
    url = en("proposal_review", proposal.pk)

    without = client.post(url, {"status": "rejected", "seen_version": proposal.version})
    client.post(url, {"status": "rejected", "reason": "Contact non vérifié", "seen_version": 0})

    assert "Give the reason" in without.text
    stored = ActorChangeProposal.objects.get()
    assert (stored.status, stored.reason) == ("rejected", "Contact non vérifié")
    assert ActorService.objects.get(pk=own_service.pk).contact_point == "Mme Alaoui"
    assert Notification.objects.get(kind="actor_change_answered").recipient == partner_user
    client.force_login(partner_user)
    assert "Contact non vérifié" in client.get(url).text


def test_a_stale_accept_is_refused(client, iom_user, admin_user, proposal):
    seen = proposal.version
    proposal.move("rejected", admin_user, "Doublon")
    client.force_login(iom_user)

    response = client.post(
        en("proposal_review", proposal.pk), {"status": "accepted", "seen_version": seen}
    )

    assert "Since you opened this page" in response.text
    assert ActorChangeProposal.objects.get().status == "rejected"


def test_a_partner_proposes_a_new_service_that_iom_accepts(
    client, partner_user, iom_user, own_actor, oriental
):
    health = ServiceCategory.objects.get(code="health")
    client.force_login(partner_user)
    client.post(
        en("proposal_create", own_actor.pk) + "?service=new",
        {"category": health.pk, "regions": [oriental.pk], "is_active": "on", "note": ""},
    )
    proposal = ActorChangeProposal.objects.get()
    client.force_login(iom_user)

    client.post(
        en("proposal_review", proposal.pk),
        {"status": "accepted", "seen_version": proposal.version},
    )

    service = ActorService.objects.get(actor=own_actor, category=health)
    assert list(service.regions.all()) == [oriental]
    assert ActorChangeProposal.objects.get().service == service


def test_a_proposed_service_region_the_actor_does_not_work_in_is_refused(
    client, partner_user, own_service
):
    souss = Region.objects.get(code="09")
    client.force_login(partner_user)

    response = client.post(
        en("proposal_create", own_service.actor_id) + f"?service={own_service.pk}",
        _service_post(own_service, regions=[souss.pk]),
    )

    assert response.status_code == 400
    assert "does not work in Souss-Massa" in response.text
    assert not ActorChangeProposal.objects.exists()


def test_a_proposal_that_no_longer_fits_cannot_be_accepted(
    client, iom_user, partner_user, own_actor, own_service, oriental
):
    beni_mellal = Region.objects.get(code="05")
    own_actor.regions.add(beni_mellal)
    client.force_login(partner_user)
    client.post(
        en("proposal_create", own_actor.pk) + f"?service={own_service.pk}",
        _service_post(own_service, regions=[oriental.pk, beni_mellal.pk]),
    )
    own_actor.regions.remove(beni_mellal)
    proposal = ActorChangeProposal.objects.get()
    client.force_login(iom_user)

    review = client.get(en("proposal_review", proposal.pk))
    response = client.post(
        en("proposal_review", proposal.pk),
        {"status": "accepted", "seen_version": proposal.version},
    )

    assert "cannot be accepted" in review.text
    assert "does not work in" in response.text
    assert ActorChangeProposal.objects.get().status == "pending"
    assert list(ActorService.objects.get(pk=own_service.pk).regions.all()) == [oriental]


def test_a_profile_proposal_changes_the_description(client, partner_user, iom_user, own_actor):
    client.force_login(partner_user)
    client.post(
        en("proposal_create", own_actor.pk),
        {"description": "Accueil et orientation", "address": "Oujda", "note": ""},
    )
    proposal = ActorChangeProposal.objects.get()
    client.force_login(iom_user)

    client.post(
        en("proposal_review", proposal.pk),
        {"status": "accepted", "seen_version": proposal.version},
    )

    actor = ActorProfile.objects.get(pk=own_actor.pk)
    assert (actor.description, actor.address) == ("Accueil et orientation", "Oujda")
    assert actor.history.latest().history_user == iom_user


def test_a_proposal_that_changes_nothing_is_not_sent(client, partner_user, own_actor):
    client.force_login(partner_user)

    response = client.post(
        en("proposal_create", own_actor.pk), {"description": "Accueil", "address": "", "note": ""}
    )

    assert "you changed no field" in response.text
    assert not ActorChangeProposal.objects.exists()


@pytest.mark.parametrize("count", [2, 20])
def test_the_proposal_list_runs_a_fixed_number_of_queries(
    client, iom_user, own_service, count, django_assert_max_num_queries
):
    for index in range(count):
        ActorChangeProposal.objects.create(
            actor=own_service.actor,
            subject="service",
            service=own_service,
            proposed={"contact_point": f"N{index}"},
        )
    client.force_login(iom_user)

    with django_assert_max_num_queries(14):
        response = client.get(en("proposal_list"))

    assert len(response.context["page_obj"].object_list) == count
