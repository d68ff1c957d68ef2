"""Indicator values: the rules a value must meet, the form IOM staff use, computed indicators."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Need
from plans.computed import compute
from plans.models import Indicator, IndicatorValue, PlanAction
from referrals.models import FollowUp, Referral
from tests.factories import (
    CaseFactory,
    FacilityFactory,
    NeedFactory,
    ReferralFactory,
    validated_assessment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(oriental_plan):
    return oriental_plan.indicators.get(code="I1")


def url(indicator):
    return reverse("plans:indicator_value_create", args=[indicator.pk])


def value_data(**overrides):
    return {
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "value": "450",
        "unit": "people",
        "sex": "",
        "source": "Registre du centre de santé d’Oujda",
        **overrides,
    }


def test_iom_staff_record_a_value_and_the_plan_page_shows_it(client, iom_user, indicator):
    client.force_login(iom_user)
    response = client.post(url(indicator), value_data(sex="female"))
    assert response.status_code == 302
    stored = IndicatorValue.objects.get()
    assert (stored.value, stored.sex, stored.recorded_by) == (Decimal("450"), "female", iom_user)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"unit": "percent"}, "Cet indicateur se compte en personnes, pas en pourcentage."),
        ({"period_start": "2024-06-01"}, "La période doit être comprise"),
        ({"period_end": "2030-06-30"}, "La période doit être comprise"),
        ({"period_end": "2024-12-31"}, "La date de fin doit être égale ou postérieure"),
        ({"value": "-3"}, "Une valeur ne peut pas être négative."),
        ({"source": ""}, "Ce champ est obligatoire."),
        ({"value": "beaucoup"}, "Saisissez un nombre."),
    ],
)
def test_a_wrong_value_is_refused_with_a_message_and_nothing_is_stored(
    client, iom_user, indicator, overrides, message
):
    client.force_login(iom_user)
    response = client.post(url(indicator), value_data(**overrides))
    assert response.status_code == 400
    assert message in response.text
    assert not IndicatorValue.objects.exists()


def test_a_value_for_a_period_not_yet_ended_is_refused(indicator):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    value = IndicatorValue(
        indicator=indicator,
        period_start=datetime.date(2025, 1, 1),
        period_end=tomorrow,
        value=1,
        unit="people",
        source="x",
    )
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    assert "period_end" in error.value.message_dict


def test_a_disaggregation_the_indicator_does_not_have_is_refused(indicator):
    value = IndicatorValue(
        indicator=indicator,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
        value=1,
        unit="people",
        age_band="18-24",
        source="x",
    )
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    assert "age_band" in error.value.message_dict


def test_a_computed_indicator_takes_no_typed_value(client, iom_user, oriental_plan):
    computed = Indicator.objects.create(
        plan=oriental_plan,
        code="C1",
        name="Structures renforcées",
        unit=Indicator.Unit.FACILITIES,
        target=10,
        computation=Indicator.Computation.FACILITIES_REINFORCED,
    )
    client.force_login(iom_user)
    response = client.post(url(computed), value_data(unit="facilities"), follow=True)
    assert "ne peuvent pas être saisies" in response.text
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_other_roles_may_not_record_values(client, users, council_user, role, indicator):
    client.force_login(council_user if role == "viewer" else users[role])
    response = client.post(url(indicator), value_data())
    assert response.status_code == (403 if role == "viewer" else 404)
    assert not IndicatorValue.objects.exists()


def test_another_regions_council_gets_404(client, souss_council_user, indicator):
    client.force_login(souss_council_user)
    assert client.get(url(indicator)).status_code == 404


def test_the_form_offers_only_the_disaggregations_the_indicator_has(client, iom_user, indicator):
    client.force_login(iom_user)
    page = client.get(url(indicator)).text
    assert 'name="sex"' in page and 'name="age_band"' not in page


def test_an_action_outside_the_plans_period_is_refused(oriental_plan):
    action = PlanAction(
        axis=oriental_plan.axes.get(),
        code="1.9",
        title="Hors période",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2030, 3, 1),
    )
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert set(error.value.message_dict) >= {"starts_on", "ends_on"}


class TestComputedIndicators:
    """Computed values follow what is stored in Manara: needs, assessments, referrals, cases."""

    def indicator(self, plan, computation, unit):
        return Indicator.objects.create(
            plan=plan,
            code=computation[:8],
            name=computation,
            unit=unit,
            target=10,
            computation=computation,
        )

    def test_facilities_reinforced_count_facilities_with_a_need_done(self, oriental_plan, iom_user):
        first, second = FacilityFactory(), FacilityFactory()
        NeedFactory(facility=first, status=Need.Status.DONE)
        NeedFactory(facility=first, status=Need.Status.DONE)
        NeedFactory(facility=second, status=Need.Status.FUNDED)
        NeedFactory(facility=FacilityFactory(region_id=oriental_plan.region_id + 1), status="done")
        indicator = self.indicator(oriental_plan, "facilities_reinforced", "facilities")
        result = compute([indicator], [oriental_plan.region_id])[indicator.pk]
        assert result.value == 1 and "au moins un besoin" in result.formula

    def test_share_low_severity_uses_the_latest_validated_assessments(
        self, oriental_plan, iom_user, framework
    ):
        validated_assessment(FacilityFactory(), iom_user, 3)  # severity 1
        validated_assessment(FacilityFactory(), iom_user, 0)  # severity 5
        indicator = self.indicator(oriental_plan, "share_low_severity", "percent")
        result = compute([indicator], [oriental_plan.region_id])[indicator.pk]
        assert result.value == Decimal("50.0")

    def test_referrals_completed_and_sustainable_cases(self, oriental_plan):
        done = ReferralFactory()
        Referral.objects.filter(pk=done.pk).update(status=Referral.Status.COMPLETED)
        ReferralFactory()
        case = CaseFactory()
        FollowUp.objects.create(case=case, kind="phone", score_composite=0.4)
        FollowUp.objects.create(
            case=case, kind="phone", score_composite=0.8, date=datetime.date.today()
        )
        referrals = self.indicator(oriental_plan, "referrals_completed", "number")
        sustainable = self.indicator(oriental_plan, "sustainable_cases", "people")
        results = compute([referrals, sustainable], [oriental_plan.region_id])
        assert results[referrals.pk].value == 1
        assert results[sustainable.pk].value == 1
