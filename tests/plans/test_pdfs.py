"""The plan's PDF and a pilot project's PDF proposal: who downloads them, what they say, in
French and Arabic, that typed text stays text, and that an unchanged document is cached."""

import datetime
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Organisation
from facilities.models import TargetGroup
from guides.pdf import render_html
from plans import documents
from plans.models import (
    ActionPlan,
    Indicator,
    PilotActivity,
    PilotBudgetLine,
    PilotProject,
    PilotRisk,
    PlanAction,
    SdgTarget,
    SniaProgramme,
)
from tests.guides.conftest import pdf_fonts, pdf_text
from tests.printed import LAM_ALEF, text_layer_poppler, text_layer_pypdf

ARABIC_LETTER = re.compile("[\u0621-\u064a]")
BUNDLED_FONTS = {"Noto-Sans", "Noto-Sans-Bold", "Tajawal", "Tajawal-Bold"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test caches its PDFs in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def draft_plan(oriental, oriental_council):
    """A draft plan of the Oriental council, with a pilot project."""
    plan = ActionPlan.objects.create(
        region=oriental,
        council=oriental_council,
        title="Projet de plan 2030–2034",
        starts_on=datetime.date(2030, 1, 1),
        ends_on=datetime.date(2034, 12, 31),
    )
    PilotProject.objects.create(
        plan=plan,
        title="Pilote en préparation",
        problem="À écrire.",
        objectives="À écrire.",
        lead_organisation=oriental_council,
        starts_on=datetime.date(2030, 3, 1),
        duration_months=12,
    )
    return plan


def _plan_pdf(client, plan, language="fr"):
    return client.get(f"/{language}/plans/{plan.pk}.pdf")


def _pilot_pdf(client, pilot, language="fr"):
    return client.get(f"/{language}/pilots/{pilot.pk}.pdf")


def pdftotext(content: bytes) -> str:
    """The text poppler reads from a PDF, as a reader copying it would get it."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


# Who downloads the plan


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [
        ("admin_user", 200),
        ("iom_user", 200),
        ("council_user", 200),
        ("viewer_user", 200),
        ("souss_council_user", 404),
        ("partner_user", 404),
    ],
)
def test_the_adopted_plan_downloads_for_iom_its_council_and_viewers_without_a_region_only(
    client, request, oriental_plan, user_fixture, status
):
    client.force_login(request.getfixturevalue(user_fixture))

    response = _plan_pdf(client, oriental_plan)

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="plan-02-2025-2029.pdf"' in response["Content-Disposition"]
        assert oriental_plan.title in pdf_text(response.content)


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [("iom_user", 200), ("council_user", 200), ("viewer_user", 404), ("souss_council_user", 404)],
)
def test_a_draft_plan_downloads_only_for_iom_and_the_council_that_writes_it(
    client, request, draft_plan, user_fixture, status
):
    client.force_login(request.getfixturevalue(user_fixture))

    assert _plan_pdf(client, draft_plan).status_code == status


def test_an_unknown_plan_is_404(client, iom_user, db):
    client.force_login(iom_user)

    assert client.get("/fr/plans/999999.pdf").status_code == 404


@pytest.mark.parametrize("name", ["plan_pdf", "pilot_pdf"])
def test_anonymous_visitors_are_sent_to_log_in(client, pilot, name):
    target = pilot.plan if name == "plan_pdf" else pilot

    response = client.get(reverse(f"plans:{name}", args=[target.pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# What the plan says


def test_the_french_plan_shows_its_actions_budget_indicators_and_pilots(
    client, council_user, pilot
):
    client.force_login(council_user)

    text = pdf_text(_plan_pdf(client, pilot.plan).content)

    assert "Plan régional de protection et d’intégration des migrants de l’Oriental" in text
    assert "Soins de santé primaires pour les migrants à Oujda" in text
    assert "Aide sociale et humanitaire d’urgence" in text
    assert "2 000 000 MAD" in text  # the plan's total
    assert "1 200 000 MAD" in text  # the health action, funded by Japan
    assert "Gouvernement du Japon" in text
    assert "Migrants ayant reçu des soins de santé primaires" in text
    assert "Médiation en santé pour les migrants à Oujda" in text
    assert "171 000 MAD" in text  # the pilot's budget
    assert "Page 1 / " in text


def test_the_uncovered_priorities_name_the_programmes_and_targets_no_action_serves(
    client, iom_user, oriental_plan
):
    client.force_login(iom_user)

    text = pdf_text(_plan_pdf(client, oriental_plan, "en").content)

    uncovered = text.split("Priorities the plan leaves uncovered")[1].split("SNIA programmes ×")[0]
    assert "Housing" in uncovered
    assert "Education and culture" in uncovered
    assert "Health" not in uncovered.split("SDG targets related")[0]
    assert "11.1" in uncovered  # adequate housing: no action serves it
    assert "3.8" not in uncovered.split("SDG targets related")[1]


def test_the_french_plan_names_the_uncovered_programmes_in_french(client, iom_user, oriental_plan):
    client.force_login(iom_user)

    text = pdf_text(_plan_pdf(client, oriental_plan).content)

    assert "4. Logement" in text
    assert "11.1 Logement adéquat" in text


def test_an_indicator_shows_its_latest_value_progress_and_chart(client, iom_user, oriental_plan):
    indicator = oriental_plan.indicators.get()
    for end, value in [(datetime.date(2025, 6, 30), 400), (datetime.date(2025, 12, 31), 900)]:
        indicator.values.create(
            period_start=datetime.date(2025, 1, 1),
            period_end=end,
            value=Decimal(value),
            unit=Indicator.Unit.PEOPLE,
            source="Rapports de la DRS",
        )
    client.force_login(iom_user)

    response = _plan_pdf(client, oriental_plan)

    text = pdf_text(response.content)
    assert "900" in text and "Rapports de la DRS" in text
    assert "45 %" in text  # 900 of 2 000 from a baseline of 0


def test_the_arabic_plan_is_right_to_left_and_names_the_programmes_in_arabic(oriental_plan):
    with translation.override("ar"):
        html = render_html("plans/plan_pdf.html", documents.plan_document(oriental_plan))

    assert 'dir="rtl"' in html
    assert SniaProgramme.objects.get(number=4).name_ar in html  # السكن, uncovered
    assert SniaProgramme.objects.get(number=3).name_ar in html  # الصحة, covered


def test_the_arabic_plan_embeds_the_arabic_font_and_keeps_the_typed_french_readable(
    client, iom_user, oriental_plan
):
    client.force_login(iom_user)

    response = _plan_pdf(client, oriental_plan, "ar")

    assert response.status_code == 200
    poppler = pdftotext(response.content)
    assert len(ARABIC_LETTER.findall(poppler)) > 200
    assert "Soins de santé primaires pour les migrants à Oujda" in pdf_text(response.content)
    fonts = pdf_fonts(response.content)
    assert "Tajawal" in fonts
    assert fonts <= BUNDLED_FONTS


def test_the_arabic_names_can_be_copied_from_the_arabic_plan(client, iom_user, oriental_plan):
    client.force_login(iom_user)
    content = _plan_pdf(client, oriental_plan, "ar").content

    copied, searched = text_layer_pypdf(content), text_layer_poppler(content)
    for number in (3, 4, 5):
        name = SniaProgramme.objects.get(number=number).name_ar
        assert name in copied
        # poppler swaps the two letters of the lam-alef ligature; every other word is exact.
        for word in name.split():
            if not LAM_ALEF.search(word):
                assert word in searched


def test_typed_markup_is_printed_as_text_and_nothing_is_fetched(
    client, iom_user, oriental_plan, local_server
):
    address, requests = local_server
    PlanAction.objects.filter(code="1.1").update(
        title="Soins <script>alert(1)</script>",
        description=f'Voir <img src="{address}/pixel.png"> et <img src="file:///etc/passwd">',
    )
    client.force_login(iom_user)

    response = _plan_pdf(client, oriental_plan)

    text = pdf_text(response.content)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" in text
    assert f'<img src="{address}/pixel.png">' in text
    assert "root:" not in text
    assert requests == []


def test_an_unchanged_plan_comes_from_the_cache_and_a_changed_action_makes_it_fresh(
    client, council_user, oriental_plan, media_root
):
    client.force_login(council_user)

    first = _plan_pdf(client, oriental_plan)
    second = _plan_pdf(client, oriental_plan)
    PlanAction.objects.filter(code="1.2").update(budget=Decimal("950000"))
    third = _plan_pdf(client, oriental_plan)

    assert [first["X-Guide-Cache"], second["X-Guide-Cache"], third["X-Guide-Cache"]] == [
        "miss",
        "hit",
        "miss",
    ]
    assert second.content == first.content
    assert "2 150 000 MAD" in pdf_text(third.content)
    assert len(list((media_root / "guides" / "plan").rglob("*.pdf"))) == 2


def test_the_plan_pdf_reads_a_fixed_number_of_queries_whatever_the_number_of_actions(
    client, iom_user, oriental_plan, django_assert_max_num_queries
):
    client.force_login(iom_user)
    with django_assert_max_num_queries(14):
        _plan_pdf(client, oriental_plan)
    axis = oriental_plan.axes.get()
    partner = Organisation.objects.create(name="Entraide Nationale", kind="government")
    for number in range(3, 15):
        action = PlanAction.objects.create(
            axis=axis,
            code=f"1.{number}",
            title=f"Action {number}",
            budget=Decimal("10000"),
            lead_organisation=partner,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
        action.partners.add(partner)
        action.programmes.add(SniaProgramme.objects.get(number=number % 11 + 1))

    with django_assert_max_num_queries(14):
        _plan_pdf(client, oriental_plan)


def test_a_plan_with_many_actions_cuts_its_alignment_matrix_in_even_blocks(oriental_plan):
    lines = [{"label": "P", "count": 1, "cells": [True] * 20}]
    actions = list(range(20))

    blocks = documents.matrix_blocks(lines, actions, size=18)

    assert [len(block["actions"]) for block in blocks] == [10, 10]
    assert [len(block["lines"][0]["cells"]) for block in blocks] == [10, 10]
    assert blocks[1]["lines"][0]["count"] == 1


# Who downloads a pilot project's proposal


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [
        ("admin_user", 200),
        ("iom_user", 200),
        ("council_user", 200),
        ("viewer_user", 200),
        ("souss_council_user", 404),
        ("partner_user", 404),
    ],
)
def test_a_pilot_downloads_for_whoever_reads_its_plan(client, request, pilot, user_fixture, status):
    client.force_login(request.getfixturevalue(user_fixture))

    response = _pilot_pdf(client, pilot)

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert f'filename="pilot-02-{pilot.pk}.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize(("user_fixture", "status"), [("council_user", 200), ("viewer_user", 404)])
def test_a_pilot_of_a_draft_plan_stays_with_iom_and_the_council(
    client, request, draft_plan, user_fixture, status
):
    client.force_login(request.getfixturevalue(user_fixture))

    assert _pilot_pdf(client, draft_plan.pilots.get()).status_code == status


# What the pilot's proposal says


def test_the_arabic_proposal_names_the_alignment_and_target_groups_in_arabic(pilot):
    pilot = documents.pilot_queryset().get(pk=pilot.pk)
    with translation.override("ar"):
        html = render_html("plans/pilot_pdf.html", documents.pilot_document(pilot))

    assert 'dir="rtl"' in html
    assert SniaProgramme.objects.get(number=3).name_ar in html
    assert TargetGroup.objects.get(code="women").name_ar in html
    assert SdgTarget.objects.get(code="3.8").label_ar in html


def test_the_proposal_has_every_section_a_donor_reads(client, council_user, pilot):
    client.force_login(council_user)

    text = pdf_text(_pilot_pdf(client, pilot, "en").content)

    assert "Médiation en santé pour les migrants à Oujda" in text
    assert "Association Accueil Oriental" in text  # a partner
    sections = [
        "1. Problem addressed",
        "2. Objectives",
        "3. Target groups and beneficiaries",
        "4. Alignment with the national strategy and the SDGs",
        "5. Activities and timeline",
        "6. Budget",
        "7. Risks and mitigation",
        "8. Indicators",
        "9. Sustainability after the pilot",
    ]
    positions = [text.index(section) for section in sections]
    assert positions == sorted(positions)
    assert "Women" in text and "3. Health" in text and "3.8" in text
    assert "Départ des médiateurs formés" in text
    assert "Contrats sur toute la durée du projet." in text
    assert "Medium" in text and "High" in text
    assert "Registres des permanences" in text
    assert "Les médiateurs rejoignent le dispositif de la santé publique." in text


def test_the_budget_total_is_the_sum_of_its_lines_with_a_subtotal_per_category(
    client, council_user, pilot
):
    client.force_login(council_user)

    text = pdf_text(_pilot_pdf(client, pilot).content)

    assert "108 000 MAD" in text and "48 000 MAD" in text and "15 000 MAD" in text
    assert text.count("171 000 MAD") >= 2  # the title page and the budget's total


def test_the_timeline_has_a_column_per_month_and_fills_each_activity_s_months(client, pilot):
    pilot = documents.pilot_queryset().get(pk=pilot.pk)

    timeline = documents.timeline(pilot)

    assert [column["label"] for column in timeline["columns"]] == ["1", "2", "3", "4", "5", "6"]
    assert timeline["years"] == [{"year": 2025, "span": 4}, {"year": 2026, "span": 2}]
    assert [row["cells"] for row in timeline["rows"]] == [
        [True, True, False, False, False, False],
        [False, False, True, True, True, True],
    ]


def test_a_pilot_longer_than_two_years_is_timed_by_quarter(pilot):
    PilotProject.objects.filter(pk=pilot.pk).update(duration_months=36)
    PilotActivity.objects.filter(title="Permanences de médiation").update(end_month=36)
    pilot = documents.pilot_queryset().get(pk=pilot.pk)

    timeline = documents.timeline(pilot)

    assert len(timeline["columns"]) == 12
    assert timeline["by_quarter"]
    assert timeline["rows"][0]["cells"][:2] == [True, False]
    assert all(timeline["rows"][1]["cells"])


def test_the_proposal_shows_its_timeline_in_french_and_arabic(client, council_user, pilot):
    client.force_login(council_user)

    french = pdf_text(_pilot_pdf(client, pilot).content)
    arabic = _pilot_pdf(client, pilot, "ar")

    assert "1 2 3 4 5 6" in french
    assert "Diagnostic participatif" in french
    assert len(ARABIC_LETTER.findall(pdftotext(arabic.content))) > 100
    assert "Diagnostic participatif" in pdf_text(arabic.content)
    fonts = pdf_fonts(arabic.content)
    assert "Tajawal" in fonts
    assert fonts <= BUNDLED_FONTS


def test_an_unchanged_proposal_comes_from_the_cache(client, council_user, pilot):
    client.force_login(council_user)

    first = _pilot_pdf(client, pilot)
    second = _pilot_pdf(client, pilot)

    assert (first["X-Guide-Cache"], second["X-Guide-Cache"]) == ("miss", "hit")


def test_the_proposal_reads_a_fixed_number_of_queries_whatever_its_size(
    client, council_user, pilot, django_assert_max_num_queries
):
    client.force_login(council_user)
    with django_assert_max_num_queries(14):
        _pilot_pdf(client, pilot)
    for month in range(1, 7):
        PilotActivity.objects.create(
            pilot=pilot, order=10 + month, title=f"Activité {month}", start_month=month, end_month=6
        )
        PilotBudgetLine.objects.create(
            pilot=pilot, category="services", description=f"Ligne {month}", unit_cost=1000
        )
        PilotRisk.objects.create(
            pilot=pilot, risk=f"Risque {month}", likelihood="low", impact="low", mitigation="-"
        )
    pilot.partners.add(Organisation.objects.create(name="Entraide Nationale", kind="government"))

    with django_assert_max_num_queries(14):
        _pilot_pdf(client, pilot)
