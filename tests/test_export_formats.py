"""`?format=`: a page answers the formats it offers as files, and any other with a 404, never
with its HTML page (which a script or a spreadsheet program would take for the file)."""

import pytest
from django.urls import reverse

PAGES_WITH_FILES = [
    ("assessments:prioritisation", {}, ("csv", "xlsx")),
    ("assessments:need_list", {"budget": "1000"}, ("csv", "xlsx")),
    ("referrals:roadmap", {}, ("csv", "xlsx")),
    ("facilities:list", {}, ("map",)),
]


@pytest.mark.parametrize(("name", "query", "offered"), PAGES_WITH_FILES)
@pytest.mark.parametrize("asked", ["pdf", "json", "CSV", "csv ", "<script>"])
def test_a_format_the_page_does_not_offer_is_a_404(client, iom_user, name, query, offered, asked):
    client.force_login(iom_user)

    response = client.get(reverse(name), {**query, "format": asked})

    assert response.status_code == 404
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize(("name", "query", "offered"), PAGES_WITH_FILES[:3])
def test_each_offered_format_is_a_file_and_no_format_is_the_page(
    client, iom_user, name, query, offered
):
    client.force_login(iom_user)

    page = client.get(reverse(name), query)
    assert page.status_code == 200
    assert page["Content-Type"] == "text/html; charset=utf-8"
    for file_format in offered:
        response = client.get(reverse(name), {**query, "format": file_format})
        assert response.status_code == 200
        assert not response["Content-Type"].startswith("text/html"), file_format
        if file_format == "csv":
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            assert response.content.startswith("\ufeff".encode())
