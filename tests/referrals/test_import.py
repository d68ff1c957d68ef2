"""Spreadsheet imports of actors, services, SWOT entries and recommendations: all or nothing."""

import pytest
from django.utils import translation
from import_export.formats.base_formats import CSV

from referrals.models import ActorProfile, ActorService, Recommendation, SwotEntry
from referrals.resources import (
    ActorResource,
    ActorServiceResource,
    RecommendationResource,
    SwotResource,
)
from tests.factories import ActorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def dataset(text):
    return CSV(encoding="utf-8").create_dataset(text)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_actors_import_with_their_regions(db):
    OrganisationFactory(name="ANAPEC Oriental")
    OrganisationFactory(name="Association Wafae")
    text = (
        "organisation,standing,level,regions,engagement,technical_expertise\n"
        "ANAPEC Oriental,current,regional,02,engaged,4\n"
        "Association Wafae,potential,local,02;06,not_contacted,\n"
    )

    result = ActorResource().import_data(dataset(text), dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    wafae = ActorProfile.objects.get(organisation__name="Association Wafae")
    assert sorted(wafae.regions.values_list("code", flat=True)) == ["02", "06"]
    assert ActorProfile.objects.get(organisation__name="ANAPEC Oriental").technical_expertise == 4


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_problem(db):
    OrganisationFactory(name="ANAPEC Oriental")
    text = (
        "organisation,standing,level,regions,engagement,technical_expertise\n"
        "ANAPEC Oriental,current,regional,02,engaged,4\n"
        "Nobody,current,regional,02,engaged,9\n"
    )

    result = ActorResource().import_data(dataset(text), dry_run=False)

    assert not ActorProfile.objects.exists()
    assert result.has_errors()
    assert "No organisation is called “Nobody”" in str(result.rows[1].errors[0].error)


def test_a_capacity_rating_outside_1_to_5_is_refused(db):
    OrganisationFactory(name="ANAPEC Oriental")
    text = "organisation,standing,level,regions,engagement,technical_expertise\n"
    text += "ANAPEC Oriental,current,regional,02,engaged,9\n"

    result = ActorResource().import_data(dataset(text), dry_run=False)

    assert not ActorProfile.objects.exists()
    assert result.invalid_rows[0].error_dict["technical_expertise"]


def test_services_swot_and_recommendations_import_for_an_existing_actor(db):
    actor = ActorFactory(organisation=OrganisationFactory(name="Entraide Nationale"))
    services = "actor,service,regions,monthly_capacity\nEntraide Nationale,shelter,02,30\n"
    swot = (
        "actor,quadrant,text,source,recorded_on\n"
        "Entraide Nationale,S,Réseau national,interview,2026-10-01\n"
    )
    roadmap = (
        "actor,region,action,responsible,due_on,priority,status\n"
        "Entraide Nationale,,Signer une convention de référencement,,2026-12-31,high,planned\n"
    )

    for resource, text in (
        (ActorServiceResource(), services),
        (SwotResource(), swot),
        (RecommendationResource(), roadmap),
    ):
        result = resource.import_data(dataset(text), dry_run=False)
        assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]

    assert ActorService.objects.get(actor=actor).monthly_capacity == 30
    assert SwotEntry.objects.get(actor=actor).text == "Réseau national"
    assert Recommendation.objects.get(actor=actor).priority == "high"


def test_a_swot_row_for_an_unknown_actor_is_refused(db):
    text = "actor,quadrant,text,source,recorded_on\nInconnu,S,Texte,interview,2026-10-01\n"

    result = SwotResource().import_data(dataset(text), dry_run=False)

    assert not SwotEntry.objects.exists()
    assert "Inconnu" in result.invalid_rows[0].error_dict["actor"][0]
