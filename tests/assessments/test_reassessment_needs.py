"""Needs across re-assessments: validating a new assessment settles the open needs of the
facility's earlier ones (carried over, done or superseded), so that every count reads each gap
once: the facility page, prioritisation, the budget planner and the region dashboard."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from activity.models import StatusChange
from assessments import reassessment
from assessments.models import Assessment, Need, PrioritySettings
from assessments.prioritisation import ranked_assessments
from tests.factories import AssessmentFactory, NeedFactory, answer_all

TODAY = timezone.localdate()


def _need(assessment, code, unit_cost, **fields) -> Need:
    criterion = assessment.framework.criteria.get(code=code) if code else None
    return NeedFactory(
        assessment=assessment,
        criterion=criterion,
        dimension=criterion.dimension if criterion else "services",
        quantity=Decimal("1"),
        unit_cost=Decimal(unit_cost),
        description=f"Need on {code or 'no criterion'}",
    )


@pytest.fixture
def earlier(facility_a, framework, iom_user):
    """A validated assessment of a year ago with four open needs: on ACC-1 (1,000 MAD), on SAF-1
    (funded, 20,000 MAD), on SER-1 (30,000 MAD) and one without a criterion (4,000 MAD)."""
    assessment = AssessmentFactory(
        facility=facility_a, framework=framework, assessed_on=TODAY - datetime.timedelta(days=365)
    )
    answer_all(assessment, 1)
    assessment.submit(iom_user)
    assessment.validate(iom_user)
    needs = {
        "acc": _need(assessment, "ACC-1", 1000),
        "saf": _need(assessment, "SAF-1", 20000),
        "ser": _need(assessment, "SER-1", 30000),
        "free": _need(assessment, None, 4000),
    }
    needs["saf"].move(Need.Status.FUNDED, iom_user, offered_only=False)
    return needs


@pytest.fixture
def reassessed(facility_a, framework, earlier, iom_user):
    """This year's assessment, submitted: ACC-1 now meets the standard (3), SAF-1 is still
    insufficient (1), SER-1 absent (0) with its own new need (5,000 MAD)."""
    assessment = AssessmentFactory(facility=facility_a, framework=framework, assessed_on=TODAY)
    answer_all(assessment, 2, ACC_1=3, SAF_1=1, SER_1=0)
    _need(assessment, "SER-1", 5000)
    assessment.submit(iom_user)
    return assessment


def _refresh(needs: dict) -> dict:
    return {name: Need.objects.get(pk=need.pk) for name, need in needs.items()}


def _moves(need) -> list[StatusChange]:
    return list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(Need), object_id=need.pk
        ).order_by("pk")
    )


def _post(client, assessment, choices=None, **extra):
    data = {"seen_version": str(Assessment.objects.get(pk=assessment.pk).version), "comment": ""}
    data.update({f"need-{need.pk}": choice for need, choice in (choices or {}).items()})
    data.update(extra)
    return client.post(f"/en/assessments/{assessment.pk}/validate/", data)


def _defaults_for(assessment) -> dict:
    return {p.need: p.default for p in reassessment.proposals(assessment)}


# --- What is proposed, and what the validate page shows ------------------------------------


def test_the_proposals_follow_the_new_scores(reassessed, earlier):
    proposed = {p.need.pk: p.default for p in reassessment.proposals(reassessed)}

    assert proposed == {
        earlier["acc"].pk: "done",
        earlier["saf"].pk: "carry_over",
        earlier["ser"].pk: "superseded",
        earlier["free"].pk: "carry_over",
    }


def test_the_validate_page_lists_each_earlier_need_with_its_new_score_and_cost(
    client, iom_user, reassessed, earlier
):
    client.force_login(iom_user)

    page = client.get(f"/en/assessments/{reassessed.pk}/validate/").content.decode()

    assert page.count('data-testid="earlier-need"') == 4
    row = page.split(f'data-need="{earlier["saf"].pk}"')[1].split("</fieldset>")[0]
    assert "SAF-1" in row and "1 — insufficient" in row and "20,000" in row
    assert "Funded" in row
    assert 'value="carry_over" id="id_need-{}_0" checked'.format(earlier["saf"].pk) in row


def test_the_assessment_page_sends_the_validator_to_the_earlier_needs(client, iom_user, reassessed):
    client.force_login(iom_user)

    page = client.get(f"/en/assessments/{reassessed.pk}/").content.decode()

    assert 'data-testid="settle-needs"' in page
    assert f'href="/en/assessments/{reassessed.pk}/validate/"' in page


# --- The defaults ---------------------------------------------------------------------------


def test_validating_without_choices_applies_the_defaults(reassessed, earlier, iom_user):
    # The reasons are written in the validator's language, as if they had typed them.
    with translation.override("en"):
        reassessed.validate(iom_user)

    needs = _refresh(earlier)
    assert needs["acc"].status == "done"
    assert needs["ser"].status == "superseded"
    assert (needs["saf"].status, needs["saf"].assessment_id) == ("funded", reassessed.pk)
    assert (needs["free"].status, needs["free"].assessment_id) == ("identified", reassessed.pk)
    assert _moves(needs["ser"])[-1].reason == f"Superseded by assessment #{reassessed.pk}."
    assert _moves(needs["acc"])[-1].reason == f"Meets the standard in assessment #{reassessed.pk}."


def test_validating_from_the_page_with_the_proposed_choices(client, iom_user, reassessed, earlier):
    client.force_login(iom_user)

    response = _post(client, reassessed, _defaults_for(reassessed))

    assert response.status_code == 302
    assert Assessment.objects.get(pk=reassessed.pk).status == "validated"
    assert Need.objects.get(pk=earlier["ser"].pk).status == "superseded"


# --- Each choice ----------------------------------------------------------------------------


def test_the_validator_changes_each_choice(client, iom_user, reassessed, earlier):
    client.force_login(iom_user)

    _post(
        client,
        reassessed,
        {
            earlier["acc"]: "superseded",
            earlier["saf"]: "done",
            earlier["ser"]: "carry_over",
            earlier["free"]: "superseded",
        },
    )

    needs = _refresh(earlier)
    assert {name: need.status for name, need in needs.items()} == {
        "acc": "superseded",
        "saf": "done",
        "ser": "identified",
        "free": "superseded",
    }
    assert needs["ser"].assessment_id == reassessed.pk
    assert _moves(needs["saf"])[-1].by == iom_user


def test_a_carried_over_need_keeps_its_status_and_its_history_says_where_it_came_from(
    reassessed, earlier, iom_user
):
    old_assessment = earlier["saf"].assessment_id

    reassessed.validate(iom_user)

    need = Need.objects.get(pk=earlier["saf"].pk)
    last_move = _moves(need)[-1]
    assert need.status == "funded"
    assert (last_move.from_status, last_move.to_status) == ("funded", "funded")
    # Validated in French (the tests' language): the reason reads in the validator's language.
    assert last_move.reason == (
        f"Reporté de l’évaluation n° {old_assessment} à l’évaluation n° {reassessed.pk}."
    )
    record = need.history.order_by("-history_date").first()
    assert record.assessment_id == reassessed.pk
    assert record.history_change_reason == last_move.reason
    assert need.history.order_by("-history_date")[1].assessment_id == old_assessment


def test_a_carried_over_need_takes_the_criterion_of_the_new_framework_version(
    facility_a, framework, earlier, iom_user
):
    newer = framework.new_version("2")
    newer.publish()
    assessment = AssessmentFactory(facility=facility_a, framework=newer, assessed_on=TODAY)
    answer_all(assessment, 2)
    assessment.submit(iom_user)

    assessment.validate(iom_user)

    need = Need.objects.get(pk=earlier["saf"].pk)
    assert need.criterion.framework_id == newer.pk and need.criterion.code == "SAF-1"


def test_validating_an_older_visit_settles_nothing(facility_a, framework, reassessed, iom_user):
    reassessed.validate(iom_user)
    late = AssessmentFactory(
        facility=facility_a, framework=framework, assessed_on=TODAY - datetime.timedelta(days=30)
    )
    answer_all(late, 3)
    late.submit(iom_user)

    assert reassessment.proposals(late) == []


# --- Bad input, stale page, one transaction -------------------------------------------------


def test_carrying_over_a_need_whose_criterion_now_meets_the_standard_is_refused(
    client, iom_user, reassessed, earlier
):
    client.force_login(iom_user)
    choices = _defaults_for(reassessed)
    choices[Need.objects.get(pk=earlier["acc"].pk)] = "carry_over"

    response = _post(client, reassessed, choices)

    assert response.status_code == 400
    page = response.content.decode()
    row = page.split(f'data-need="{earlier["acc"].pk}"')[1].split("</fieldset>")[0]
    assert "ACC-1 now meets the standard in this assessment" in row
    assert "nothing was validated" in page
    assert Assessment.objects.get(pk=reassessed.pk).status == "submitted"
    assert {n.status for n in _refresh(earlier).values()} == {"identified", "funded"}
    assert Need.objects.filter(assessment=reassessed).count() == 1


def test_a_choice_that_is_not_offered_is_refused(client, iom_user, reassessed, earlier):
    client.force_login(iom_user)
    choices = _defaults_for(reassessed)
    choices[Need.objects.get(pk=earlier["free"].pk)] = "<script>alert(1)</script>"

    response = _post(client, reassessed, choices)

    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Assessment.objects.get(pk=reassessed.pk).status == "submitted"


def test_a_missing_choice_is_refused_with_nothing_stored(client, iom_user, reassessed, earlier):
    client.force_login(iom_user)

    response = _post(client, reassessed, {})

    assert response.status_code == 400
    assert "Choose what becomes of this need." in response.content.decode()
    assert Assessment.objects.get(pk=reassessed.pk).status == "submitted"
    assert Need.objects.get(pk=earlier["ser"].pk).status == "identified"


def test_a_stale_page_is_refused_with_nothing_stored(client, iom_user, reassessed, earlier):
    client.force_login(iom_user)
    seen = Assessment.objects.get(pk=reassessed.pk).version
    Assessment.objects.filter(pk=reassessed.pk).update(version=seen + 1)

    response = _post(client, reassessed, _defaults_for(reassessed), seen_version=str(seen))

    assert response.status_code == 400
    assert "Since you opened this page" in response.content.decode()
    assert Assessment.objects.get(pk=reassessed.pk).status == "submitted"
    assert Need.objects.get(pk=earlier["acc"].pk).status == "identified"


def test_an_error_midway_leaves_nothing_half_done(monkeypatch, reassessed, earlier, iom_user):
    def failing(*args, **kwargs):
        raise RuntimeError("disk full")

    # ACC-1 is marked done first, then carrying SAF-1 over fails.
    monkeypatch.setattr(reassessment, "_carry_over", failing)

    with pytest.raises(RuntimeError):
        reassessed.validate(iom_user)

    assert Assessment.objects.get(pk=reassessed.pk).status == "submitted"
    assert Need.objects.get(pk=earlier["acc"].pk).status == "identified"
    assert len(_moves(earlier["acc"])) == 0


# --- Roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [("partner", 403), ("viewer", 404)])
def test_only_iom_staff_open_the_validate_page_or_validate(
    client, users, role, status, reassessed, earlier
):
    client.force_login(users[role])

    page = client.get(f"/en/assessments/{reassessed.pk}/validate/")
    posted = _post(client, reassessed, _defaults_for(reassessed))

    assert (page.status_code, posted.status_code) == (status, status)
    assert Assessment.objects.get(pk=reassessed.pk).status == "submitted"
    assert Need.objects.get(pk=earlier["ser"].pk).status == "identified"


def test_an_admin_validates_from_the_page(client, admin_user, reassessed, earlier):
    client.force_login(admin_user)

    response = _post(client, reassessed, _defaults_for(reassessed))

    assert response.status_code == 302
    assert Assessment.objects.get(pk=reassessed.pk).status == "validated"


# --- Every count reads each gap once (29,000 MAD: SAF-1, the need without criterion, the new
# need on SER-1; before this change the earlier four stayed open: 60,000 MAD) ----------------

EXPECTED_OPEN = Decimal("29000")


def test_the_facility_page_counts_each_gap_once(client, iom_user, facility_a, reassessed):
    reassessed.validate(iom_user)
    client.force_login(iom_user)

    page = client.get(f"/en/facilities/{facility_a.pk}/").content.decode()

    open_needs = page.split('data-testid="open-needs"')[1].split("</table>")[0]
    assert open_needs.count("<tr>") == 1 + 3 + 1  # head, three needs, total
    assert "29,000" in open_needs
    assert Assessment.objects.get(pk=reassessed.pk).needs_cost == EXPECTED_OPEN


def test_prioritisation_counts_each_gap_once(iom_user, facility_a, reassessed):
    reassessed.validate(iom_user)

    rows = [
        row
        for row in ranked_assessments(iom_user, PrioritySettings.load())
        if row.facility_id == facility_a.pk
    ]

    assert [row.needs_cost for row in rows] == [EXPECTED_OPEN]


def test_the_planner_counts_each_gap_once(client, iom_user, reassessed):
    reassessed.validate(iom_user)
    client.force_login(iom_user)

    response = client.get("/en/needs/", {"budget": "1000000"})

    totals = response.context["totals"]["overall"]
    assert (totals["count"], totals["total"]) == (3, EXPECTED_OPEN)
    assert response.context["plan"]["result"].spent == EXPECTED_OPEN


def test_the_region_dashboard_counts_each_gap_once(client, iom_user, facility_a, reassessed):
    reassessed.validate(iom_user)
    client.force_login(iom_user)

    page = client.get(f"/en/dashboard/region/{facility_a.region.code}/").content.decode()

    needs = page.split('data-testid="open-needs"')[1].split("</p>")[0]
    assert "3 open needs, 29,000 MAD" in needs


def test_a_superseded_need_is_closed_everywhere(reassessed, earlier, iom_user):
    reassessed.validate(iom_user)

    superseded = Need.objects.get(pk=earlier["ser"].pk)

    assert not superseded.is_open
    assert not Need.objects.open().filter(pk=superseded.pk).exists()
    assert "superseded" not in superseded.next_statuses()


# --- The need's history page --------------------------------------------------------------


def test_the_needs_history_shows_each_settlement_with_its_reason(
    client, iom_user, reassessed, earlier
):
    with translation.override("en"):
        reassessed.validate(iom_user)
    client.force_login(iom_user)

    carried = client.get(f"/en/needs/{earlier['saf'].pk}/history/").content.decode()
    superseded = client.get(f"/en/needs/{earlier['ser'].pk}/history/").content.decode()

    assert f"to assessment #{reassessed.pk}." in carried
    assert f"Superseded by assessment #{reassessed.pk}." in superseded
    assert 'data-testid="need-status">Superseded by a later assessment<' in superseded


def test_the_facility_page_links_each_open_need_to_its_history(
    client, iom_user, facility_a, reassessed, earlier
):
    reassessed.validate(iom_user)
    client.force_login(iom_user)

    page = client.get(f"/en/facilities/{facility_a.pk}/").content.decode()

    assert f'href="/en/needs/{earlier["saf"].pk}/history/"' in page
    assert f'href="/en/needs/{earlier["ser"].pk}/history/"' not in page


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("iom_staff", 200), ("partner", 200), ("viewer", 200)]
)
def test_who_reads_a_confirmed_needs_history(client, users, role, status, earlier):
    client.force_login(users[role])

    assert client.get(f"/en/needs/{earlier['saf'].pk}/history/").status_code == status


def test_another_partner_and_a_viewer_of_an_unvalidated_need_get_404(
    client, other_partner_user, viewer_user, reassessed
):
    need = reassessed.needs.get()

    for user in (other_partner_user, viewer_user):
        client.force_login(user)
        assert client.get(f"/en/needs/{need.pk}/history/").status_code == 404


def test_the_needs_history_asks_an_anonymous_visitor_to_sign_in(client, earlier):
    response = client.get(f"/en/needs/{earlier['saf'].pk}/history/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Session, user, assessment, earlier needs, new answers, own needs' criteria, later visits...:
# the same number whether 4 or 22 earlier needs are listed.
QUERIES_OF_THE_VALIDATE_PAGE = 11


@pytest.mark.parametrize("extra", [0, 18])
def test_the_validate_page_runs_a_fixed_number_of_queries(
    client, iom_user, reassessed, earlier, extra, django_assert_num_queries
):
    for _ in range(extra):
        _need(earlier["saf"].assessment, "PRO-1", 700)
    client.force_login(iom_user)
    client.get(f"/en/assessments/{reassessed.pk}/validate/")  # warm the per-process caches

    with django_assert_num_queries(QUERIES_OF_THE_VALIDATE_PAGE):
        response = client.get(f"/en/assessments/{reassessed.pk}/validate/")

    assert response.content.decode().count('data-testid="earlier-need"') == 4 + extra
