"""The filter panel of every list opens when a filter shown in it is set or wrong, not for the
hidden fields that travel with the filters (a sort order, the facility of a "see all" link)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def panel_is_open(response) -> bool:
    tag = re.search(r'<details class="filter-panel[^>]*>', response.content.decode()).group(0)
    return bool(re.search(r"\sopen\b", tag))


@pytest.mark.parametrize(
    ("address", "query", "opens"),
    [
        ("assessments:need_list", {}, False),
        ("assessments:need_list", {"facility": "FACILITY"}, False),
        ("assessments:need_list", {"facility": "FACILITY", "urgency": "immediate"}, True),
        ("assessments:need_list", {"urgency": "not-an-urgency"}, True),
        ("facilities:list", {"o": "-capacity"}, False),
        ("facilities:list", {"o": "-capacity", "kind": "shelter"}, True),
    ],
)
def test_only_a_filter_shown_in_the_panel_opens_it(
    client, iom_user, facility_a, address, query, opens
):
    client.force_login(iom_user)
    query = {key: facility_a.pk if value == "FACILITY" else value for key, value in query.items()}

    response = client.get(reverse(address), query)

    assert response.status_code == 200
    assert panel_is_open(response) is opens
