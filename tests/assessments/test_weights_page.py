"""The weights page: IOM roles preview how the ranking's first 20 would move, then save with a
reason; the preview stores nothing, bad weights and stale pages are refused, every change is
logged, and the ranking says which weights it used."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from assessments import weights_views
from assessments.models import PrioritySettings
from assessments.prioritisation import compare_rankings
from tests.factories import FacilityFactory, validated_assessment

ROLES = ["admin", "iom_staff", "partner", "viewer"]
ALLOWED = {"admin", "iom_staff"}

with translation.override("en"):
    URL = reverse("assessments:priority_weights")
    RANKING = reverse("assessments:prioritisation")


def weights_data(gap=0, severity=0, people=0, vulnerable=0, critical=0, **extra) -> dict:
    """The form as the browser sends it; the references stay at 100 people and 3 gaps."""
    return {
        "weight_gap": gap,
        "weight_severity": severity,
        "weight_people": people,
        "weight_vulnerable": vulnerable,
        "weight_critical": critical,
        "people_reference": 100,
        "critical_gaps_reference": 3,
        "seen_version": PrioritySettings.load().version,
        **extra,
    }


@pytest.fixture
def gap_only(db):
    """Weights that rank by the gap alone (100 − overall score)."""
    settings = PrioritySettings.load()
    settings.weight_gap = 100
    settings.weight_severity = settings.weight_people = 0
    settings.weight_vulnerable = settings.weight_critical = 0
    settings.save()
    return settings


@pytest.fixture
def three_facilities(iom_user, framework, gap_only):
    """By the gap: Atlas (all 1s) before Nour (all 2s) before Ouarzazate (all 3s); by the people
    served: Nour (200, capped at 100) before Ouarzazate (50) before Atlas (10)."""
    atlas = FacilityFactory(name="Foyer Atlas", capacity=10, occupancy=0)
    nour = FacilityFactory(name="Centre Nour", capacity=200, occupancy=0)
    ouarzazate = FacilityFactory(name="Maison Ouarzazate", capacity=50, occupancy=0)
    validated_assessment(atlas, iom_user, 1)
    validated_assessment(nour, iom_user, 2)
    validated_assessment(ouarzazate, iom_user, 3)
    return {"atlas": atlas, "nour": nour, "ouarzazate": ouarzazate}


def preview_rows(response) -> dict[str, tuple[str, str, str]]:
    """Facility name → (new rank, rank now, move text) as the preview table prints them."""
    rows = {}
    for move in response.context["moves"]:
        chunk = response.text.split(f'data-facility="{move.facility_id}"')[1].split("</tr>")[0]
        new = chunk.split('data-testid="rank-after">')[1].split("<")[0]
        old = chunk.split('data-testid="rank-before">')[1].split("<")[0]
        cell = chunk.split('data-testid="move">')[1].split("</td>")[0]
        text = " ".join(re.sub(r"<[^>]+>", "", cell).split())
        rows[move.facility_name] = (new, old, text)
    return rows


def stored() -> tuple:
    settings = PrioritySettings.load()
    return (
        settings.weight_gap,
        settings.weight_severity,
        settings.weight_people,
        settings.weight_vulnerable,
        settings.weight_critical,
        settings.version,
        settings.history.count(),
    )


def preview(client, **weights):
    return client.post(URL, weights_data(**weights) | {"action": "preview"})


def save(client, reason, **weights):
    """Preview, then save what was previewed with `reason`, as a person does."""
    key = preview(client, **weights).context["previewed_key"]
    return client.post(
        URL, weights_data(**weights) | {"action": "save", "previewed": key, "reason": reason}
    )


# Who may


@pytest.mark.parametrize("role", ROLES)
def test_only_iom_roles_open_the_weights_page(client, users, role, gap_only):
    client.force_login(users[role])

    response = client.get(URL)

    assert response.status_code == (200 if role in ALLOWED else 403)
    if role in ALLOWED:
        assert 'name="weight_gap"' in response.text


@pytest.mark.parametrize("role", ["partner", "viewer"])
@pytest.mark.parametrize("action", ["preview", "save"])
def test_a_partner_or_viewer_posting_weights_changes_nothing(client, users, role, action, gap_only):
    before = stored()
    client.force_login(users[role])

    response = client.post(
        URL, weights_data(people=100) | {"action": action, "reason": "Try", "previewed": "x"}
    )

    assert response.status_code == 403
    assert stored() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, gap_only):
    response = client.get(URL)

    assert "/accounts/login/" in response["Location"]


# The preview


def test_the_preview_shows_the_moves_of_the_new_weights_and_stores_nothing(
    client, iom_user, three_facilities
):
    before = stored()
    client.force_login(iom_user)

    response = preview(client, people=100)

    assert response.status_code == 200
    # By the people served, Nour goes first and Atlas last: the new weights were used.
    assert preview_rows(response) == {
        "Centre Nour": ("1", "2", "▲ +1 place"),
        "Maison Ouarzazate": ("2", "3", "▲ +1 place"),
        "Foyer Atlas": ("3", "1", "▼ −2 places"),
    }
    assert [move.facility_name for move in response.context["moves"]] == [
        "Centre Nour",
        "Maison Ouarzazate",
        "Foyer Atlas",
    ]
    nour = next(m for m in response.context["moves"] if m.facility_name == "Centre Nour")
    assert (round(nour.priority_before, 1), round(nour.priority_after, 1)) == (33.3, 100.0)
    assert "33.3 → <strong>100.0</strong>" in response.text
    assert stored() == before


def test_the_preview_keeps_the_typed_weights_and_offers_to_save_them(
    client, iom_user, three_facilities
):
    client.force_login(iom_user)

    response = preview(client, gap=50, people=50)

    assert 'name="weight_people" value="50"' in response.text
    assert 'data-testid="save"' in response.text
    assert 'name="previewed" value="50,0,50,0,0,100,3"' in response.text


def test_the_first_visit_offers_a_preview_and_no_save(client, iom_user, three_facilities):
    client.force_login(iom_user)

    response = client.get(URL)

    assert 'data-testid="preview"' in response.text
    assert 'data-testid="save"' not in response.text


def test_facilities_entering_and_leaving_the_top_are_shown(
    client, iom_user, three_facilities, monkeypatch
):
    monkeypatch.setattr(weights_views, "TOP", 2)
    client.force_login(iom_user)

    response = preview(client, people=100)

    rows = preview_rows(response)
    assert rows["Maison Ouarzazate"] == ("2", "3", "enters the top 2 ▲ +1 place")
    assert rows["Foyer Atlas"] == ("3", "1", "leaves the top 2 ▼ −2 places")
    # Those who leave come last, under the new top.
    assert response.context["moves"][-1].facility_name == "Foyer Atlas"
    assert response.context["summary"] == {"up": 1, "down": 0, "enter": 1, "leave": 1}


def test_the_comparison_is_the_rankings_own_order(iom_user, three_facilities):
    current = PrioritySettings.load()
    proposed = PrioritySettings(
        weight_gap=0, weight_severity=0, weight_people=1, weight_vulnerable=0, weight_critical=0
    )

    moves = compare_rankings(iom_user, current, proposed, top=20)

    assert [(m.facility_name, m.rank_before, m.rank_after) for m in moves] == [
        ("Centre Nour", 2, 1),
        ("Maison Ouarzazate", 3, 2),
        ("Foyer Atlas", 1, 3),
    ]


def test_unchanged_weights_keep_every_place(client, iom_user, three_facilities):
    client.force_login(iom_user)

    response = preview(client, gap=100)

    assert "keep their places" in response.text
    assert all(move.places == 0 for move in response.context["moves"])


@pytest.mark.parametrize("size", [3, 12])
def test_the_preview_runs_the_same_queries_whatever_the_number_of_facilities(
    client, iom_user, framework, gap_only, size, django_assert_max_num_queries
):
    for number in range(size):
        validated_assessment(FacilityFactory(name=f"Centre {number:02d}"), iom_user, number % 4)
    client.force_login(iom_user)

    # Session, user, weights (twice: shown and edited), the version check, the two rankings,
    # the log (records and their authors), menu (organisation, notifications).
    with django_assert_max_num_queries(14):
        response = preview(client, people=100)

    assert len(response.context["moves"]) == size


# Saving


def test_saving_stores_the_previewed_weights_and_logs_who_and_why(
    client, iom_user, three_facilities
):
    client.force_login(iom_user)

    response = save(client, "Donors ask to favour the largest centres", people=100)

    settings = PrioritySettings.load()
    assert (settings.weight_gap, settings.weight_people) == (0, 100)
    record = settings.history.first()
    assert record.history_change_reason == "Donors ask to favour the largest centres"
    assert record.history_user == iom_user
    assert response["Location"].endswith(reverse("assessments:prioritisation"))


def test_the_log_on_the_page_shows_the_reason_and_the_change(client, iom_user, three_facilities):
    client.force_login(iom_user)
    save(client, "Donors ask to favour the largest centres", people=100)

    page = client.get(URL).text

    log = page.split('data-testid="weights-log"')[1].split("</ol>")[0]
    assert "Donors ask to favour the largest centres" in log
    assert "<del>0</del> → <ins>100</ins>" in log
    assert "iom_t" in log or iom_user.get_full_name() in log


def test_the_ranking_says_which_weights_it_uses_since_when_and_by_whom(
    client, iom_user, viewer_user, three_facilities
):
    iom_user.first_name, iom_user.last_name = "Salma", "Bennani"
    iom_user.save()
    client.force_login(iom_user)
    save(client, "Favour the largest centres", people=100)
    client.force_login(viewer_user)

    text = client.get(RANKING).text

    line = text.split('data-testid="weights"')[1].split("</p>")[0]
    assert "people served 100" in line
    assert "set by Salma Bennani" in line
    assert 'data-testid="change-weights"' not in line


def test_saving_without_a_reason_is_refused_and_stores_nothing(client, iom_user, three_facilities):
    client.force_login(iom_user)
    key = preview(client, people=100).context["previewed_key"]
    before = stored()

    response = client.post(
        URL, weights_data(people=100) | {"action": "save", "previewed": key, "reason": "  "}
    )

    assert response.status_code == 200
    assert "Say why the weights change" in response.text
    assert stored() == before
    # The preview stays in front of the person who must now give a reason.
    assert response.context["moves"]


def test_weights_changed_after_the_preview_are_previewed_again_not_saved(
    client, iom_user, three_facilities
):
    client.force_login(iom_user)
    key = preview(client, people=100).context["previewed_key"]
    before = stored()

    response = client.post(
        URL,
        weights_data(people=100, severity=50) | {"action": "save", "previewed": key, "reason": "R"},
    )

    assert "differ from those previewed" in response.text
    assert stored() == before
    assert response.context["previewed_key"] == "0,50,100,0,0,100,3"


# Bad input


@pytest.mark.parametrize(
    ("weights", "field", "message"),
    [
        ({}, None, "At least one weight must be above zero."),
        ({"gap": -5, "people": 10}, "weight_gap", "greater than or equal to 0"),
        ({"gap": 5000}, "weight_gap", "A weight goes from 0 to 1000."),
        ({"gap": "forty"}, "weight_gap", "Enter a whole number."),
    ],
)
@pytest.mark.parametrize("action", ["preview", "save"])
def test_bad_weights_are_refused_with_a_message_and_nothing_is_stored(
    client, iom_user, three_facilities, weights, field, message, action
):
    client.force_login(iom_user)
    before = stored()

    response = client.post(
        URL, weights_data(**weights) | {"action": action, "reason": "R", "previewed": ""}
    )

    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors[field] if field else form.non_field_errors()
    assert any(message in error for error in errors)
    assert message in response.text.replace("&#x27;", "'")
    assert response.context["moves"] is None
    assert stored() == before


def test_a_script_in_the_reason_is_stored_as_text_and_shown_escaped(
    client, iom_user, three_facilities
):
    client.force_login(iom_user)
    save(client, "<script>alert(1)</script>", people=100)

    page = client.get(URL).text

    assert PrioritySettings.load().history.first().history_change_reason == (
        "<script>alert(1)</script>"
    )
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_save_from_a_stale_page_is_refused_and_the_other_change_stays(
    client, iom_user, admin_user, three_facilities
):
    client.force_login(iom_user)
    page = preview(client, people=100)
    seen, key = page.context["seen"], page.context["previewed_key"]
    # Meanwhile an administrator changes the weights.
    other = PrioritySettings.load()
    other.weight_severity = 30
    other._change_reason = "Severity matters too"
    other.save()

    response = client.post(
        URL,
        weights_data(people=100)
        | {"action": "save", "previewed": key, "reason": "Mine", "seen_version": seen},
    )

    assert response.status_code == 200
    assert "Since you opened this page" in response.text
    settings = PrioritySettings.load()
    assert (settings.weight_severity, settings.weight_people) == (30, 0)
    assert settings.history.first().history_change_reason == "Severity matters too"
