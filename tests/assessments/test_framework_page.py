"""The assessment framework as a page: every signed-in role reads the published version (and may
choose a retired one), IOM roles also drafts; criteria in the reader's language, with the PDF."""

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.models import Criterion, Framework
from tests.factories import (
    CriterionFactory,
    FacilityFactory,
    FrameworkFactory,
    published_framework,
    validated_assessment,
)

ROLES = ["admin", "iom_staff", "partner", "viewer"]


def url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("assessments:framework")


@pytest.fixture
def in_use(db):
    """The published framework, with one criterion written out in three languages."""
    framework = FrameworkFactory(name="Cadre d’accueil", version="2.0")
    CriterionFactory(
        framework=framework,
        dimension="safety",
        code="SAF-01",
        question_fr="Les issues de secours sont-elles dégagées ?",
        question_en="Are the emergency exits clear?",
        question_ar="هل مخارج الطوارئ خالية؟",
        guidance_fr="Vérifier chaque issue.",
        guidance_en="Check every exit.",
        standard="Sphere 2018, Shelter 2",
        is_critical=True,
        facility_kinds=["shelter"],
    )
    CriterionFactory(
        framework=framework,
        dimension="services",
        code="SER-01",
        question_fr="Un repas chaud est-il servi chaque jour ?",
        question_ar="",
        question_en="",
        standard="Normes minimales d’accueil",
    )
    framework.publish()
    return framework


@pytest.fixture
def retired(in_use):
    framework = published_framework()
    Framework.objects.filter(pk=framework.pk).update(name="Ancien cadre", version="1.0")
    framework.refresh_from_db()
    framework.retire()
    return framework


@pytest.fixture
def draft(in_use):
    framework = FrameworkFactory(name="Cadre en préparation", version="3.0")
    CriterionFactory(framework=framework, code="ACC-09", question_fr="Question brouillon")
    return framework


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_reads_the_framework_in_use(client, users, role, in_use):
    client.force_login(users[role])

    response = client.get(url())

    assert response.status_code == 200
    assert "Are the emergency exits clear?" in response.text
    assert "Sphere 2018, Shelter 2" in response.text
    assert reverse("guides:framework", args=[in_use.pk]).split("/", 2)[2] in response.text


def test_anonymous_visitors_are_sent_to_sign_in(client, in_use):
    response = client.get(url())

    assert "/accounts/login/" in response["Location"]


def test_each_criterion_shows_code_question_guidance_standard_critical_flag_and_kinds(
    client, viewer_user, in_use
):
    client.force_login(viewer_user)

    response = client.get(url())

    saf = response.text.split('id="c-')[1].split("</article>")[0]
    assert "SAF-01" in saf
    assert 'data-testid="critical"' in saf
    assert "Check every exit." in saf
    assert "Sphere 2018, Shelter 2" in saf
    assert "Shelter" in saf.split('data-testid="kinds">')[1]
    ser = response.text.split('id="c-')[2].split("</article>")[0]
    assert 'data-testid="critical"' not in ser
    assert "every kind of facility" in ser


def test_the_criteria_are_read_in_arabic_with_french_where_no_translation_exists(
    client, partner_user, in_use
):
    client.force_login(partner_user)

    text = client.get(url("ar")).text

    assert "هل مخارج الطوارئ خالية؟" in text
    # No Arabic text for SER-01: the French one, marked as French for screen readers.
    assert '<span lang="fr">Un repas chaud est-il servi chaque jour ?</span>' in text


def test_a_retired_version_can_be_chosen_and_says_it_is_retired(
    client, viewer_user, in_use, retired
):
    client.force_login(viewer_user)

    default = client.get(url())
    chosen = client.get(url(), {"version": retired.pk})

    assert default.context["framework"] == in_use
    assert 'data-testid="version-chooser"' in default.text
    assert chosen.context["framework"] == retired
    assert "This version is retired" in chosen.text


@pytest.mark.parametrize(("role", "sees_draft"), [(r, r in ("admin", "iom_staff")) for r in ROLES])
def test_drafts_are_for_iom_roles_only(client, users, role, sees_draft, draft):
    client.force_login(users[role])

    listed = client.get(url()).context["versions"]
    response = client.get(url(), {"version": draft.pk})

    assert (draft in listed) is sees_draft
    assert response.status_code == (200 if sees_draft else 404)
    if sees_draft:
        assert "This version is a draft" in response.text


def test_an_unknown_version_is_not_found(client, iom_user, in_use):
    client.force_login(iom_user)

    assert client.get(url(), {"version": "999999"}).status_code == 404
    assert client.get(url(), {"version": "abc"}).status_code == 404


def test_without_any_published_framework_the_page_says_so(client, viewer_user, db):
    Framework.objects.all().delete()
    client.force_login(viewer_user)

    response = client.get(url())

    assert response.status_code == 200
    assert "No framework has been published yet." in response.text


def test_the_assessment_list_links_to_the_framework_page(client, partner_user, in_use):
    client.force_login(partner_user)

    text = client.get(reverse("assessments:list")).text

    assert f'href="{reverse("assessments:framework")}"' in text


@pytest.mark.parametrize("per_dimension", [2, 12])
def test_the_page_runs_the_same_queries_whatever_the_number_of_criteria(
    client, viewer_user, per_dimension, django_assert_max_num_queries
):
    Framework.objects.all().delete()
    published_framework(per_dimension=per_dimension)
    client.force_login(viewer_user)

    # Session, user, the frameworks, their criteria and the menu's own: none per criterion.
    with django_assert_max_num_queries(7):
        response = client.get(url())

    assert Criterion.objects.count() == 4 * per_dimension
    assert response.context["total"] == 4 * per_dimension


def test_an_assessment_links_to_the_criteria_of_its_own_framework_version(
    client, viewer_user, iom_user, framework
):
    assessment = validated_assessment(FacilityFactory(name="Centre Nour"), iom_user, 2)
    client.force_login(viewer_user)

    text = client.get(reverse("assessments:detail", args=[assessment.pk])).text

    link = f"{reverse('assessments:framework')}?version={assessment.framework_id}"
    assert f'href="{link}"' in text
    assert client.get(link).context["framework"] == assessment.framework
