"""A downloaded document's file name is readable in every language: no empty part where an
Arabic name had no ASCII letters to keep."""

import pytest

from guides.documents import filename_for


def test_a_part_without_ascii_letters_is_left_out_instead_of_leaving_an_empty_part():
    assert filename_for("priorities", "02", "الشرق") == "priorities-02.pdf"


def test_a_name_with_nothing_to_keep_still_has_a_file_name():
    assert filename_for("الشرق") == "document.pdf"


def test_accented_french_names_keep_their_letters():
    assert (
        filename_for("actors", "05", "Béni Mellal-Khénifra") == "actors-05-beni-mellal-khenifra.pdf"
    )


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
@pytest.mark.parametrize(("report", "prefix"), [("priorities", "priorities"), ("actors", "actors")])
def test_a_region_report_downloads_under_the_region_s_code_and_french_name_in_every_language(
    client, iom_user, language, report, prefix
):
    client.force_login(iom_user)

    response = client.get(f"/{language}/guides/region/02/{report}.pdf")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="{prefix}-02-oriental.pdf"'
