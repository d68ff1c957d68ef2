"""The pages where IOM staff edit the network and the plans, weigh the ranking and settle needs
pass axe-core on a phone, in French and in Arabic (no serious or critical violation)."""
# ruff: noqa: F811 (fixtures imported by name, then asked for as arguments)

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from referrals.models import Recommendation, SwotEntry
from tests.conftest import PASSWORD
from tests.factories import ActorFactory, ActorServiceFactory, validated_assessment
from tests.plans.conftest import (  # noqa: F401 (fixtures used by name)
    japan,
    oriental,
    oriental_council,
    oriental_plan,
    project,
)

from .conftest import MOBILE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()


@pytest.fixture
def records(facility_a, iom_user, oriental_plan, project):
    actor = ActorFactory()
    service = ActorServiceFactory(actor=actor)
    SwotEntry.objects.create(actor=actor, quadrant="S", text="Équipe formée", source="interview")
    recommendation = Recommendation.objects.create(
        actor=actor, action="Désigner un point focal", due_on=datetime.date(2027, 3, 31)
    )
    assessment = validated_assessment(facility_a, iom_user)
    action = oriental_plan.axes.get().actions.first()
    return {
        "actor": actor,
        "service": service,
        "recommendation": recommendation,
        "assessment": assessment,
        "plan": oriental_plan,
        "action": action,
        "project": project,
    }


def blocking_violations(page) -> list[str]:
    results = AXE.run(page).response
    assert results["passes"], "axe-core did not run"
    return [
        f"{violation['id']} ({violation['nodes'][0]['target']})"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_editing_and_connected_pages_pass_axe_on_a_phone(open_page, log_in, iom_user, records):
    actor, plan = records["actor"], records["plan"]
    addresses = [
        "/actors/new/",
        f"/actors/{actor.pk}/",
        f"/actors/{actor.pk}/edit/",
        f"/actors/{actor.pk}/services/new/",
        f"/actors/{actor.pk}/swot/new/",
        f"/roadmap/{records['recommendation'].pk}/edit/",
        f"/referrals/new/?service={records['service'].pk}",
        "/actors/coverage/",
        "/prioritisation/weights/",
        "/framework/",
        f"/facilities/{records['assessment'].facility_id}/",
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/edit/",
        f"/actions/{records['action'].pk}/edit/",
        f"/projects/{records['project'].pk}/edit/",
    ]
    page = open_page(MOBILE)
    log_in(page, iom_user.username, PASSWORD)
    found = {}
    for language in ("fr", "ar"):
        for address in addresses:
            response = page.goto(f"/{language}{address}")
            assert response.status == 200, address
            page.wait_for_load_state("networkidle")
            if violations := blocking_violations(page):
                found[f"/{language}{address}"] = violations

    assert found == {}
