"""The coverage matrix is headed by the regions' names (not their codes), in the reader's
language, with header cells scoped for screen readers, in a table that scrolls on a phone."""

import re

import pytest

from facilities.models import Region

ROLES = ["admin", "iom_staff", "partner", "viewer"]


def matrix(client, user, language: str = "en") -> str:
    client.force_login(user)
    response = client.get(f"/{language}/actors/coverage/")
    assert response.status_code == 200
    html = response.text
    start = html.index('data-testid="coverage"')
    return html[html.rindex("<div", 0, start) : html.index("</table>", start)]


def column_heads(table: str) -> list[str]:
    head = table[table.index("<thead>") : table.index("</thead>")]
    return re.findall(r'<th scope="col" class="coverage-region"[^>]*>([^<]+)</th>', head)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_regions_names_as_column_heads(client, users, role):
    heads = column_heads(matrix(client, users[role]))
    assert heads == [region.name_en for region in Region.objects.order_by("code")]
    assert "Tanger-Tetouan-Al Hoceima" in heads
    assert not any(re.fullmatch(r"\d{2}", head) for head in heads)


def test_the_arabic_matrix_is_headed_by_the_arabic_names(client, iom_user):
    heads = column_heads(matrix(client, iom_user, "ar"))
    assert heads == [region.name_ar for region in Region.objects.order_by("code")]


def test_the_codes_legend_is_gone_and_the_cells_still_name_their_region(client, iom_user):
    client.force_login(iom_user)
    html = client.get("/en/actors/coverage/").text
    assert "<abbr>01</abbr>" not in html
    table = matrix(client, iom_user)
    # A screen reader hears the service and the region's name before each count.
    assert '<span class="visually-hidden">Health, Oriental: </span>' in table


def test_the_matrix_scrolls_in_its_own_box_and_scopes_its_header_cells(client, iom_user):
    table = matrix(client, iom_user)
    assert table.startswith('<div class="table-responsive" tabindex="0" role="region"')
    assert table.count('<th scope="col"') == 1 + Region.objects.count()
    assert '<th scope="row"' in table
    assert "<caption" in table
