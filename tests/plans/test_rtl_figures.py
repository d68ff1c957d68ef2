"""A plan's period and figures read left to right in Arabic: "2025–2029", never "2029–2025"."""

from django.urls import reverse

LTR = '<bdi dir="ltr">{}</bdi>'


def test_the_arabic_plan_list_and_page_isolate_the_period(client, iom_user, oriental_plan):
    client.force_login(iom_user)

    listing = client.get("/ar" + reverse("plans:plan_list")[3:]).text
    page = client.get("/ar" + reverse("plans:plan_detail", args=[oriental_plan.pk])[3:]).text

    assert LTR.format("2025–2029") in listing
    assert LTR.format("2025–2029") in page


def test_the_arabic_plan_page_writes_action_months_like_its_short_dates(
    client, iom_user, oriental_plan
):
    client.force_login(iom_user)

    page = client.get("/ar" + reverse("plans:plan_detail", args=[oriental_plan.pk])[3:]).text

    assert "03\u200f/2025 – 12\u200f/2026" in page


def test_the_arabic_region_dashboard_isolates_the_plan_period(client, iom_user, oriental_plan):
    client.force_login(iom_user)

    page = client.get("/ar/dashboard/region/02/").text

    assert LTR.format("2025–2029") in page


def test_the_arabic_plan_page_isolates_sdg_target_codes(client, iom_user, oriental_plan):
    client.force_login(iom_user)

    page = client.get("/ar" + reverse("plans:plan_detail", args=[oriental_plan.pk])[3:]).text

    uncovered = page.split('data-testid="uncovered-targets"')[1].split("</p>")[0]
    assert LTR.format("10.b") in uncovered or LTR.format("16.b") in uncovered
