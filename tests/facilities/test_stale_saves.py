"""Two people editing one facility: the second save from a stale page is refused, not merged."""

import pytest
from django.test import Client

from facilities.models import Facility


def edit_url(facility):
    return f"/en/facilities/{facility.pk}/edit/"


def page_data(response, **changes):
    """The POST data a browser would send from the edit page as it was loaded, with changes."""
    data = {}
    for bound in response.context["form"]:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is True:
            data[bound.html_name] = "on"
        else:
            data[bound.html_name] = str(value)
    data.update(changes)
    return data


@pytest.fixture
def two_sessions(iom_user, partner_user):
    """IOM staff and NGO A's partner, each in their own browser session."""
    first, second = Client(), Client()
    first.force_login(iom_user)
    second.force_login(partner_user)
    return first, second


def test_a_save_from_a_page_loaded_before_anothers_save_is_refused(
    two_sessions, iom_user, facility_a
):
    first, second = two_sessions
    first_page = first.get(edit_url(facility_a))
    second_page = second.get(edit_url(facility_a))
    saved = first.post(edit_url(facility_a), page_data(first_page, phone="+212 5 36 00 00 01"))
    assert saved.status_code == 302
    history_before = Facility.history.filter(id=facility_a.pk).count()

    refused = second.post(
        edit_url(facility_a), page_data(second_page, description_fr="Ouvert la nuit.")
    )

    assert refused.status_code == 200
    assert "this record has been changed by iom_t (phone)" in refused.text
    assert "Nothing of yours was saved" in refused.text
    stored = Facility.objects.get(pk=facility_a.pk)
    assert stored.phone == "+212 5 36 00 00 01"
    assert stored.description_fr == ""
    assert Facility.history.filter(id=facility_a.pk).count() == history_before
    form = refused.context["form"]
    assert form["description_fr"].value() == "Ouvert la nuit."


def test_the_refused_form_shows_the_others_change_and_saves_on_a_second_try(
    two_sessions, facility_a
):
    first, second = two_sessions
    first_page = first.get(edit_url(facility_a))
    second_page = second.get(edit_url(facility_a))
    first.post(edit_url(facility_a), page_data(first_page, phone="+212 5 36 00 00 01"))
    refused = second.post(
        edit_url(facility_a), page_data(second_page, description_fr="Ouvert la nuit.")
    )

    again = second.post(edit_url(facility_a), page_data(refused))

    assert refused.context["form"]["phone"].value() == "+212 5 36 00 00 01"
    assert again.status_code == 302
    stored = Facility.objects.get(pk=facility_a.pk)
    assert (stored.phone, stored.description_fr) == ("+212 5 36 00 00 01", "Ouvert la nuit.")


def test_two_saves_in_turn_from_fresh_pages_both_pass(two_sessions, facility_a):
    first, second = two_sessions
    first.post(
        edit_url(facility_a), page_data(first.get(edit_url(facility_a)), phone="+212 600000001")
    )

    response = second.post(
        edit_url(facility_a),
        page_data(second.get(edit_url(facility_a)), description_fr="Ouvert la nuit."),
    )

    assert response.status_code == 302
    stored = Facility.objects.get(pk=facility_a.pk)
    assert (stored.phone, stored.description_fr) == ("+212 600000001", "Ouvert la nuit.")


@pytest.mark.parametrize("token", [None, "", "abc", "-1", "1; DROP TABLE"])
def test_a_post_without_a_valid_version_token_is_refused_and_writes_nothing(
    client, iom_user, facility_a, token
):
    client.force_login(iom_user)
    data = page_data(client.get(edit_url(facility_a)), phone="+212 600000009")
    if token is None:
        del data["seen_version"]
    else:
        data["seen_version"] = token

    response = client.post(edit_url(facility_a), data)

    assert response.status_code == 200
    assert "sent without the mark that tells which version" in response.text
    assert Facility.objects.get(pk=facility_a.pk).phone == facility_a.phone


def test_a_change_made_elsewhere_also_makes_an_open_edit_page_stale(client, iom_user, facility_a):
    client.force_login(iom_user)
    page = client.get(edit_url(facility_a))
    facility_a.refresh_from_db()
    facility_a.phone = "+212 600000002"
    facility_a.save()  # e.g. the back office or an import

    response = client.post(edit_url(facility_a), page_data(page, description_fr="Nuit."))

    assert "changed by someone else (phone)" in response.text
    assert Facility.objects.get(pk=facility_a.pk).description_fr == ""


def test_when_both_changed_one_field_the_input_stays_and_theirs_is_shown_beneath(
    two_sessions, facility_a
):
    first, second = two_sessions
    first_page = first.get(edit_url(facility_a))
    second_page = second.get(edit_url(facility_a))
    first.post(edit_url(facility_a), page_data(first_page, phone="+212 600000001"))

    refused = second.post(edit_url(facility_a), page_data(second_page, phone="+212 600000002"))

    assert refused.context["form"]["phone"].value() == "+212 600000002"
    assert "Saved meanwhile by the other person: “+212 600000001”" in refused.text
    assert Facility.objects.get(pk=facility_a.pk).phone == "+212 600000001"


def test_the_facility_page_lists_the_changed_fields_without_the_version(
    client, iom_user, facility_a
):
    client.force_login(iom_user)
    client.post(
        edit_url(facility_a), page_data(client.get(edit_url(facility_a)), phone="+212 600000005")
    )

    page = client.get(f"/en/facilities/{facility_a.pk}/").text

    assert "+212 600000005" in page
    assert "version" not in page.lower()
