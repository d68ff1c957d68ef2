"""IOM projects for every role: the list, its filters and download, a project's page, and
recording that a project funds a facility's need.

Assertions read data, amounts and test ids rather than interface wording, so they hold in every
language the pages are translated into.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from assessments.models import Need
from plans.models import (
    Donor,
    NeedFunding,
    Project,
    ProjectPartner,
    SupportActivity,
    SupportParticipants,
    ThematicArea,
)
from referrals.models import Case
from tests.factories import (
    CaseFactory,
    FacilityFactory,
    NeedFactory,
    OrganisationFactory,
    validated_assessment,
)

ROLES = ["admin", "iom_staff", "partner", "viewer"]
IOM_ROLES = ["admin", "iom_staff"]


def plain(text: str) -> str:
    """Page text with the thousands separators (no-break spaces) as plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def make_project(code, *, regions=(), donors=(), themes=(), **fields):
    values = {
        "title": f"Projet {code}",
        "kind": Project.Kind.PROTECTION,
        "budget": Decimal("100000"),
        "currency": Project.Currency.MAD,
        "starts_on": datetime.date(2025, 1, 1),
        "ends_on": datetime.date(2026, 12, 31),
        "status": Project.Status.ACTIVE,
        **fields,
    }
    project = Project.objects.create(code=code, **values)
    project.regions.add(*regions)
    project.donors.add(*donors)
    project.themes.add(*themes)
    return project


@pytest.fixture
def eu(db):
    return Donor.objects.create(name="Union européenne", acronym="UE", kind="multilateral")


@pytest.fixture
def health(db):
    return ThematicArea.objects.create(
        code="health-t", name_fr="Santé", name_ar="الصحة", name_en="Health", order=90
    )


@pytest.fixture
def souss_project(souss, eu, health):
    """A completed EU health project in Souss-Massa: NGO A takes no part in it."""
    return make_project(
        "EU.0002",
        title="Santé des migrants à Agadir",
        short_name="Santé Agadir",
        regions=[souss],
        donors=[eu],
        themes=[health],
        status=Project.Status.COMPLETED,
        budget=Decimal("2000000"),
        currency=Project.Currency.EUR,
        rate_to_mad=Decimal("10.8"),
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )


@pytest.fixture
def national_project(eu):
    return make_project(
        "EU.0003",
        title="Gouvernance nationale des migrations",
        is_national=True,
        donors=[eu],
        status=Project.Status.PIPELINE,
        starts_on=datetime.date(2026, 1, 1),
    )


@pytest.fixture
def open_need(facility_a):
    """An open need of facility_a (NGO A, Oriental) entered by IOM: 2 × 450 = 900 MAD."""
    return NeedFactory(facility=facility_a, description="Extincteurs pour le dortoir")


def list_codes(response) -> list[str]:
    return [
        chunk.split("<code>")[1].split("</code>")[0]
        for chunk in response.text.split('data-testid="project-code"')[1:]
    ]


# The list


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_list_of_the_projects_it_may_see(client, users, role, project):
    client.force_login(users[role])

    response = client.get(reverse("plans:project_list"))

    assert response.status_code == 200
    assert list_codes(response) == ["JP.0001"]
    assert "Migrants vulnérables" in response.text


@pytest.mark.parametrize("role", ["admin", "iom_staff", "viewer"])
def test_iom_roles_and_viewers_read_every_project(client, users, role, project, souss_project):
    client.force_login(users[role])

    response = client.get(reverse("plans:project_list"))

    assert sorted(list_codes(response)) == ["EU.0002", "JP.0001"]


def test_a_partner_reads_only_the_projects_it_takes_part_in(
    client, partner_user, project, souss_project
):
    client.force_login(partner_user)

    assert list_codes(client.get(reverse("plans:project_list"))) == ["JP.0001"]


def test_a_partner_in_no_project_sees_an_empty_list(client, other_partner_user, project):
    client.force_login(other_partner_user)

    response = client.get(reverse("plans:project_list"))

    assert response.status_code == 200
    assert list_codes(response) == []
    assert "JP.0001" not in response.text


@pytest.mark.parametrize(
    "name", ["plans:project_list", "plans:project_export", "plans:project_detail"]
)
def test_anonymous_visitors_are_sent_to_log_in(client, project, name):
    args = [project.pk] if name == "plans:project_detail" else []

    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_row_shows_donors_budget_period_status_coverage_and_funded_total(
    client, iom_user, project, open_need
):
    NeedFunding.objects.create(need=open_need, project=project, amount=Decimal("12500"))
    client.force_login(iom_user)

    row = plain(client.get(reverse("plans:project_list")).text).split('data-testid="project-row"')[
        1
    ]

    assert "Japon" in row
    assert "151 500 USD" in row
    assert "1 515 000 MAD" in row
    assert 'data-testid="project-status"' in row
    assert "Oriental" in row
    assert "12 500 MAD" in row.split('data-testid="project-funded"')[1]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=completed", ["EU.0002"]),
        ("status=active", ["JP.0001"]),
        ("q=agadir", ["EU.0002"]),
        ("q=jp.0001", ["JP.0001"]),
        ("q=MA10P0001", ["JP.0001"]),
        ("q=vulnérables", ["JP.0001"]),
    ],
)
def test_the_list_filters_by_status_and_searches_code_and_title(
    client, iom_user, project, souss_project, query, expected
):
    client.force_login(iom_user)

    response = client.get(f"{reverse('plans:project_list')}?{query}")

    assert list_codes(response) == expected


def test_the_list_filters_by_donor_and_theme(
    client, iom_user, project, souss_project, eu, japan, health
):
    client.force_login(iom_user)
    url = reverse("plans:project_list")

    assert list_codes(client.get(url, {"donor": eu.pk})) == ["EU.0002"]
    assert list_codes(client.get(url, {"donor": japan.pk})) == ["JP.0001"]
    assert list_codes(client.get(url, {"theme": health.pk})) == ["EU.0002"]


def test_a_national_project_matches_every_region(
    client, iom_user, project, souss_project, national_project, oriental, souss
):
    project.regions.add(souss)  # two regions: the project still shows once
    client.force_login(iom_user)
    url = reverse("plans:project_list")

    assert sorted(list_codes(client.get(url, {"region": oriental.pk}))) == ["EU.0003", "JP.0001"]
    assert sorted(list_codes(client.get(url, {"region": souss.pk}))) == [
        "EU.0002",
        "EU.0003",
        "JP.0001",
    ]


def test_the_list_sorts_by_code_start_and_budget_in_dirhams(
    client, iom_user, project, souss_project, national_project
):
    client.force_login(iom_user)
    url = reverse("plans:project_list")

    assert list_codes(client.get(url, {"o": "code"})) == ["EU.0002", "EU.0003", "JP.0001"]
    assert list_codes(client.get(url, {"o": "-start"})) == ["EU.0003", "JP.0001", "EU.0002"]
    # 100,000 MAD < 151,500 USD (1,515,000 MAD) < 2,000,000 EUR (21,600,000 MAD)
    assert list_codes(client.get(url, {"o": "budget"})) == ["EU.0003", "JP.0001", "EU.0002"]


def test_the_list_shows_25_projects_a_page(client, iom_user, db):
    for number in range(27):
        make_project(f"PG.{number:04d}")
    client.force_login(iom_user)

    first = client.get(reverse("plans:project_list"))
    second = client.get(reverse("plans:project_list"), {"page": 2})

    assert len(list_codes(first)) == 25
    assert len(list_codes(second)) == 2


def test_the_export_link_keeps_the_filters(client, iom_user, project):
    client.force_login(iom_user)

    response = client.get(reverse("plans:project_list"), {"status": "active", "q": "JP"})

    link = response.text.split('data-testid="project-export"')[0].rsplit("href=", 1)[1]
    assert reverse("plans:project_export") in link
    assert "status=active" in link and "q=JP" in link


def many_projects(size: int, ngo, oriental, japan, eu) -> None:
    """`size` projects with donors, a region, a theme, a partner and a funded need each."""
    theme = ThematicArea.objects.create(code="q", name_fr="Q", name_ar="Q", name_en="Q")
    for number in range(size):
        project = make_project(
            f"QC.{number:04d}", regions=[oriental], donors=[japan, eu], themes=[theme]
        )
        ProjectPartner.objects.create(project=project, organisation=ngo, role="implementing")
        NeedFunding.objects.create(need=NeedFactory(), project=project, amount=Decimal("100"))


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("role", ["iom_staff", "partner"])
def test_the_list_runs_a_fixed_number_of_queries(
    client, users, ngo_a, oriental, japan, eu, size, role, django_assert_max_num_queries
):
    many_projects(size, ngo_a, oriental, japan, eu)
    client.force_login(users[role])

    with django_assert_max_num_queries(13):  # 12, and the menu's unread notifications
        response = client.get(reverse("plans:project_list"), {"region": oriental.pk})

    assert len(list_codes(response)) == size


# The download


def workbook_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_is_the_filtered_list_with_an_hxl_row(
    client, iom_user, project, souss_project, open_need
):
    NeedFunding.objects.create(need=open_need, project=project, amount=Decimal("900"))
    client.force_login(iom_user)

    response = client.get(reverse("plans:project_export"), {"status": "active"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="projects-' in response["Content-Disposition"]
    header, hxl, *data = workbook_rows(response)
    assert len(header) == len(hxl)
    for tag in ("#activity+code", "#activity+name", "#org+funder", "#value+budget", "#currency"):
        assert tag in hxl
    for tag in ("#date+start", "#date+end", "#status", "#adm1+name"):
        assert tag in hxl
    assert len(data) == 1
    row = dict(zip(hxl, data[0], strict=True))
    assert row["#activity+code"] == "JP.0001"
    assert row["#activity+code+prima"] == "MA10P0001"
    assert row["#org+funder"] == "Japon"
    assert row["#value+budget"] == 151500
    assert row["#currency"] == "USD"
    assert row["#value+budget+mad"] == 1515000
    assert row["#date+start"].date() == datetime.date(2025, 1, 1)
    assert row["#adm1+name"] == "Oriental"
    assert row["#value+funded+mad"] == 900


def test_the_export_neutralises_a_title_a_spreadsheet_would_run(client, iom_user, db):
    make_project("XX.0001", title='=HYPERLINK("http://example.org")')
    client.force_login(iom_user)

    _header, _hxl, row = workbook_rows(client.get(reverse("plans:project_export")))

    assert row[2] == '\'=HYPERLINK("http://example.org")'


def test_a_partner_exports_only_the_projects_it_takes_part_in(
    client, partner_user, project, souss_project
):
    client.force_login(partner_user)

    _header, _hxl, *data = workbook_rows(client.get(reverse("plans:project_export")))

    assert [row[0] for row in data] == ["JP.0001"]


def test_a_viewer_exports_every_project(client, viewer_user, project, souss_project):
    client.force_login(viewer_user)

    _header, _hxl, *data = workbook_rows(client.get(reverse("plans:project_export")))

    assert sorted(row[0] for row in data) == ["EU.0002", "JP.0001"]


# The project page


@pytest.mark.parametrize("role", ROLES)
def test_every_role_taking_part_or_reading_all_opens_the_project_page(client, users, role, project):
    client.force_login(users[role])

    response = client.get(reverse("plans:project_detail", args=[project.pk]))

    assert response.status_code == 200
    page = plain(response.text)
    assert "JP.0001" in page and "MA10P0001" in page
    assert "151 500 USD" in page and "1 515 000 MAD" in page
    assert "Association Accueil Oriental" in page.split('data-testid="project-partners"')[1]
    assert 'data-testid="project-figures"' in page
    assert 'data-testid="indicator-1.a"' in page


def test_a_partner_taking_no_part_gets_404_on_the_project_page(client, other_partner_user, project):
    client.force_login(other_partner_user)

    assert client.get(reverse("plans:project_detail", args=[project.pk])).status_code == 404


def test_an_unknown_project_is_404(client, iom_user, db):
    client.force_login(iom_user)

    assert client.get(reverse("plans:project_detail", args=[9999])).status_code == 404


@pytest.mark.parametrize(("role", "may_fund"), [(role, role in IOM_ROLES) for role in ROLES])
def test_only_iom_roles_get_the_form_to_record_a_funded_need(
    client, users, role, may_fund, project, open_need
):
    client.force_login(users[role])

    page = client.get(reverse("plans:project_detail", args=[project.pk])).text

    assert ('data-testid="funding-form"' in page) == may_fund
    assert (reverse("plans:funding_create", args=[project.pk]) in page) == may_fund


def test_a_completed_project_offers_no_form_to_fund_a_need(client, iom_user, souss_project):
    client.force_login(iom_user)

    page = client.get(reverse("plans:project_detail", args=[souss_project.pk])).text

    assert 'data-testid="funding-form"' not in page


def test_the_page_shows_what_the_project_did_beside_its_targets(client, viewer_user, project):
    owner = OrganisationFactory(name="Association Retour")
    for sex, band in [("female", "18-24"), ("female", "18-24"), ("male", "35-49")]:
        project.cases.add(CaseFactory(sex=sex, age_band=band, owner=owner, full_name="Awa Diallo"))
    activity = SupportActivity.objects.create(
        kind="training",
        date=datetime.date(2025, 5, 5),
        organisation=owner,
        project=project,
        topic="Premiers secours psychologiques",
    )
    SupportParticipants.objects.create(activity=activity, organisation=owner, women=6, men=4)
    client.force_login(viewer_user)

    page = client.get(reverse("plans:project_detail", args=[project.pk])).text

    assert ">3<" in page.split('data-testid="people-reached"')[1][:10]
    assert 'data-testid="people-share"' in page  # 3 of 1,350 people to reach
    people = page.split('data-testid="people-table"')[1]
    assert '<td class="text-end">2</td>' in people.split('data-testid="people-18-24"')[1]
    assert 'data-testid="people-total">3<' in people
    assert "10" in page.split('data-testid="participants"')[1][:20]
    assert ">1<" in page.split('data-testid="actors-strengthened"')[1][:10]
    assert "Awa Diallo" not in page  # cases are counted, never shown
    assert all(case.reference not in page for case in Case.objects.all())


def test_partners_see_only_the_funded_needs_of_their_facilities(
    client, partner_user, viewer_user, project, facility_a, ngo_b
):
    other_facility = FacilityFactory(name="Foyer Bouarfa", managing_organisation=ngo_b)
    NeedFunding.objects.create(
        need=NeedFactory(facility=facility_a, description="Lits superposés"),
        project=project,
        amount=Decimal("4000"),
    )
    NeedFunding.objects.create(
        need=NeedFactory(facility=other_facility, description="Cuisine collective"),
        project=project,
        amount=Decimal("6000"),
    )
    url = reverse("plans:project_detail", args=[project.pk])

    client.force_login(partner_user)
    partner_page = plain(client.get(url).text)
    client.force_login(viewer_user)
    viewer_page = plain(client.get(url).text)

    assert "Lits superposés" in partner_page and "Centre Al Amal" in partner_page
    assert "Cuisine collective" not in partner_page and "Foyer Bouarfa" not in partner_page
    assert "10 000 MAD" in partner_page.split('data-testid="funded-total"')[1][:30]
    assert "Cuisine collective" in viewer_page and "Foyer Bouarfa" in viewer_page


@pytest.mark.parametrize(("role", "linked"), [(role, role in IOM_ROLES) for role in ROLES])
def test_support_activities_link_to_their_page_for_iom_roles(
    client, users, role, linked, project, ngo_a
):
    activity = SupportActivity.objects.create(
        kind="visit",
        date=datetime.date(2025, 4, 2),
        organisation=ngo_a,
        project=project,
        topic="Visite de suivi du centre",
    )
    client.force_login(users[role])

    page = client.get(reverse("plans:project_detail", args=[project.pk])).text

    assert (reverse("plans:support_detail", args=[activity.pk]) in page) == linked
    # The activity was given to NGO A: its partner reads it, a viewer only counts it.
    assert ("Visite de suivi du centre" in page) == (role != "viewer")


@pytest.mark.parametrize("size", [1, 8])
def test_the_project_page_runs_a_fixed_number_of_queries(
    client, iom_user, project, size, django_assert_max_num_queries
):
    ngo = OrganisationFactory()
    for _number in range(size):
        NeedFunding.objects.create(need=NeedFactory(), project=project, amount=Decimal("10"))
        project.cases.add(CaseFactory())
        activity = SupportActivity.objects.create(
            kind="visit",
            date=datetime.date(2025, 4, 2),
            organisation=ngo,
            project=project,
            topic="Visite",
        )
        SupportParticipants.objects.create(activity=activity, organisation=ngo, women=1, men=1)
        NeedFactory()  # open needs offered in the form
    client.force_login(iom_user)

    # 22 (1 for the plan actions the project carries), 1 for the activity log, 1 for the
    # menu's unread notifications and 1 to count the funded needs (they are paged).
    with django_assert_max_num_queries(25):
        response = client.get(reverse("plans:project_detail", args=[project.pk]))

    assert response.text.count('data-testid="funding-row"') == size


# Recording a funded need


def funding_url(project) -> str:
    return reverse("plans:funding_create", args=[project.pk])


@pytest.mark.parametrize("role", IOM_ROLES)
def test_iom_staff_record_a_need_as_funded_and_the_project_page_totals_change(
    client, users, role, project, open_need
):
    client.force_login(users[role])
    page_url = reverse("plans:project_detail", args=[project.pk])
    before = plain(client.get(page_url).text)
    assert "0 MAD" in before.split('data-testid="funded-total"')[1][:20]
    assert 'data-testid="no-funding"' in before

    response = client.post(funding_url(project), {"need": open_need.pk, "amount": "850"})

    assert response.status_code == 302
    assert response["Location"] == page_url
    funding = NeedFunding.objects.get()
    assert (funding.need, funding.project, funding.amount) == (open_need, project, Decimal("850"))
    assert funding.recorded_by == users[role]
    open_need.refresh_from_db()
    assert open_need.status == Need.Status.FUNDED
    assert open_need.status_changed_by == users[role]
    assert open_need.status_changed_at is not None
    after = client.get(page_url)
    page = plain(after.text)
    assert "850 MAD" in page.split('data-testid="funded-total"')[1][:20]
    assert "Extincteurs pour le dortoir" in page.split('data-testid="funding-table"')[1]


def test_the_success_message_names_the_project(client, iom_user, project, open_need):
    client.force_login(iom_user)

    response = client.post(
        funding_url(project), {"need": open_need.pk, "amount": "850"}, follow=True
    )

    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert "JP.0001" in [str(m) for m in response.context["messages"]][0]


def test_an_empty_amount_commits_the_needs_total_cost(client, iom_user, project, open_need):
    client.force_login(iom_user)

    client.post(funding_url(project), {"need": open_need.pk, "amount": ""})

    assert NeedFunding.objects.get().amount == Decimal("900")


@pytest.mark.parametrize(
    ("status", "after"),
    [
        (Need.Status.IDENTIFIED, Need.Status.FUNDED),
        (Need.Status.PLANNED, Need.Status.FUNDED),
        (Need.Status.FUNDED, Need.Status.FUNDED),
        (Need.Status.IN_PROGRESS, Need.Status.IN_PROGRESS),
    ],
)
def test_only_an_identified_or_planned_need_moves_to_funded(
    client, iom_user, project, open_need, status, after
):
    Need.objects.filter(pk=open_need.pk).update(status=status)
    client.force_login(iom_user)

    client.post(funding_url(project), {"need": open_need.pk})

    open_need.refresh_from_db()
    assert NeedFunding.objects.filter(need=open_need).exists()
    assert open_need.status == after


def test_a_national_project_funds_a_need_in_any_region(client, iom_user, national_project, souss):
    need = NeedFactory(facility=FacilityFactory(region=souss))
    client.force_login(iom_user)

    response = client.post(funding_url(national_project), {"need": need.pk})

    assert response.status_code == 302
    assert NeedFunding.objects.get().project == national_project


def test_the_form_page_lists_the_open_needs_of_the_projects_regions(
    client, iom_user, project, open_need, souss, facility_a
):
    elsewhere = NeedFactory(facility=FacilityFactory(region=souss), description="Besoin à Agadir")
    funded = NeedFactory(facility=facility_a, description="Déjà financé")
    NeedFunding.objects.create(need=funded, project=project, amount=Decimal("1"))
    done = NeedFactory(facility=facility_a, description="Déjà fait", status=Need.Status.DONE)
    client.force_login(iom_user)

    response = client.get(funding_url(project))

    assert response.status_code == 200
    page = plain(response.text)
    assert f'value="{open_need.pk}"' in page
    assert f"{facility_a.code} · Extincteurs pour le dortoir · 900 MAD" in page
    for need in (elsewhere, funded, done):
        assert f'value="{need.pk}"' not in page


def test_needs_of_an_assessment_not_yet_validated_are_not_offered(
    client, iom_user, project, draft_assessment
):
    unconfirmed = NeedFactory(assessment=draft_assessment, description="Rampe d'accès")
    client.force_login(iom_user)

    page = client.get(funding_url(project)).text

    assert f'value="{unconfirmed.pk}"' not in page


def test_the_form_page_searches_the_needs(client, iom_user, project, open_need, facility_a):
    other = NeedFactory(facility=facility_a, description="Peinture des murs")
    client.force_login(iom_user)

    page = client.get(funding_url(project), {"q": "peinture"}).text

    assert f'value="{other.pk}"' in page
    assert f'value="{open_need.pk}"' not in page


@pytest.fixture
def bad_inputs(project, open_need, souss, facility_a, draft_assessment, souss_project):
    """Posts that must be refused, with the form field the error belongs to (None: the form)."""
    in_souss = NeedFactory(facility=FacilityFactory(region=souss))
    already = NeedFactory(facility=facility_a)
    NeedFunding.objects.create(need=already, project=souss_project, amount=Decimal("5"))
    done = NeedFactory(facility=facility_a, status=Need.Status.DONE)
    unconfirmed = NeedFactory(assessment=draft_assessment)
    free = NeedFactory(facility=FacilityFactory(region=souss))
    return {
        "need in another region": (project, {"need": in_souss.pk}, None),
        "need already funded": (project, {"need": already.pk}, "need"),
        "need done": (project, {"need": done.pk}, "need"),
        "need not confirmed": (project, {"need": unconfirmed.pk}, "need"),
        "negative amount": (project, {"need": open_need.pk, "amount": "-5"}, "amount"),
        "zero amount": (project, {"need": open_need.pk, "amount": "0"}, "amount"),
        "amount not a number": (project, {"need": open_need.pk, "amount": "beaucoup"}, "amount"),
        "need that does not exist": (project, {"need": 999999, "amount": "10"}, "need"),
        "no need chosen": (project, {"amount": "10"}, "need"),
        "completed project": (souss_project, {"need": free.pk}, None),
    }


@pytest.mark.parametrize(
    "case",
    [
        "need in another region",
        "need already funded",
        "need done",
        "need not confirmed",
        "negative amount",
        "zero amount",
        "amount not a number",
        "need that does not exist",
        "no need chosen",
        "completed project",
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    client, iom_user, bad_inputs, case
):
    project, data, field = bad_inputs[case]
    fundings_before = list(NeedFunding.objects.values_list("pk", flat=True))
    statuses_before = dict(Need.objects.values_list("pk", "status"))
    client.force_login(iom_user)

    response = client.post(funding_url(project), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field or "__all__"]
    assert all(escape(message) in response.text for message in errors[field or "__all__"])
    assert list(NeedFunding.objects.values_list("pk", flat=True)) == fundings_before
    assert dict(Need.objects.values_list("pk", "status")) == statuses_before


@pytest.mark.parametrize("user", ["partner_user", "other_partner_user", "viewer_user"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_iom_roles_may_record_a_funded_need(client, request, user, method, project, open_need):
    client.force_login(request.getfixturevalue(user))

    response = getattr(client, method)(funding_url(project), {"need": open_need.pk})

    assert response.status_code == 403
    assert not NeedFunding.objects.exists()
    open_need.refresh_from_db()
    assert open_need.status == Need.Status.IDENTIFIED


def test_anonymous_visitors_cannot_record_a_funded_need(client, project, open_need):
    response = client.post(funding_url(project), {"need": open_need.pk})

    assert "/accounts/login/" in response["Location"]
    assert not NeedFunding.objects.exists()


def test_recording_for_an_unknown_project_is_404(client, iom_user, open_need):
    client.force_login(iom_user)

    response = client.post(reverse("plans:funding_create", args=[9999]), {"need": open_need.pk})

    assert response.status_code == 404
    assert not NeedFunding.objects.exists()


def test_a_need_found_by_a_validated_assessment_can_be_funded(
    client, iom_user, project, facility_a, framework
):
    need = NeedFactory(assessment=validated_assessment(facility_a, iom_user))
    client.force_login(iom_user)

    response = client.post(funding_url(project), {"need": need.pk})

    assert response.status_code == 302
    assert NeedFunding.objects.get().need == need
