"""WeasyPrint reads only the project's files, users' text stays text, and guides are cached."""

from django.urls import reverse

from assessments.models import Answer
from guides.pdf import ProjectFilesFetcher, html_to_pdf, render_html
from tests.guides.conftest import pdf_text


def test_the_fetcher_refuses_files_outside_the_project_network_addresses_and_other_schemes(
    local_server, settings
):
    address, requests = local_server
    fetcher = ProjectFilesFetcher()
    html = f"""<html><head><link rel="stylesheet" href="ftp://127.0.0.1/x.css"></head><body>
      <img src="file:///etc/passwd"><img src="{address}/tracker.png">
      <img src="https://127.0.0.1:1/y.png"><img src="file:///{settings.BASE_DIR}/../etc/hostname">
      <p style="background: url('data:image/png;base64,iVBORw0KGgo=')">x</p></body></html>"""

    html_to_pdf(html, fetcher)

    assert requests == []
    assert any(url.startswith("file:///etc/passwd") for url in fetcher.refused)
    assert any(url.startswith(address) for url in fetcher.refused)
    assert any(url.startswith("ftp://") for url in fetcher.refused)
    assert any(url.startswith("https://") for url in fetcher.refused)
    assert any(url.startswith("data:") for url in fetcher.refused)
    assert not any("passwd" in path or "hostname" in path for path in fetcher.read)


def test_the_fetcher_reads_the_bundled_fonts(db):
    fetcher = ProjectFilesFetcher()

    html_to_pdf(render_html("guides/base_pdf.html", {}), fetcher)

    assert any(path.endswith(".ttf") for path in fetcher.read)
    assert fetcher.refused == []


def test_a_description_with_markup_is_printed_as_text_and_fetches_nothing(
    client, facility_a, local_server
):
    address, requests = local_server
    facility_a.description_fr = (
        f'<img src="file:///etc/passwd"> Voir <img src="{address}/pixel.png"> '
        "<script>alert(1)</script>"
    )
    facility_a.save()

    response = client.get(reverse("guides:sheet", args=[facility_a.pk]))

    text = pdf_text(response.content)
    assert response.status_code == 200
    assert requests == []
    assert '<img src="file:///etc/passwd">' in text
    assert "<script>alert(1)</script>" in text
    assert "root:" not in text


def test_an_unchanged_guide_comes_from_the_cache_and_a_changed_assessment_makes_it_fresh(
    client, iom_user, guided_assessment, media_root
):
    client.force_login(iom_user)
    url = reverse("guides:facility", args=[guided_assessment.facility.pk])

    first = client.get(url)
    second = client.get(url)
    Answer.objects.filter(assessment=guided_assessment, criterion__code="ACC-1").update(
        comment="Rampe refaite en partie, pente encore trop forte"
    )
    third = client.get(url)

    assert [first["X-Guide-Cache"], second["X-Guide-Cache"], third["X-Guide-Cache"]] == [
        "miss",
        "hit",
        "miss",
    ]
    assert second.content == first.content
    assert "pente encore trop forte" in pdf_text(third.content)
    assert len(list((media_root / "guides" / "facility").rglob("*.pdf"))) == 2


def test_each_language_has_its_own_cached_guide(client, iom_user, guided_assessment):
    client.force_login(iom_user)

    french = client.get(f"/fr/guides/facility/{guided_assessment.facility.pk}.pdf")
    english = client.get(f"/en/guides/facility/{guided_assessment.facility.pk}.pdf")

    assert (french["X-Guide-Cache"], english["X-Guide-Cache"]) == ("miss", "miss")
    assert "Reinforcement guide" in pdf_text(english.content)
