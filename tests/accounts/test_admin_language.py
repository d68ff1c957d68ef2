"""The back office speaks the signed-in person's preferred language, right to left in Arabic.

Before signing in, it follows the browser's language among French, Arabic and English, and
French otherwise, like the rest of Manara.
"""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def back_office_user(iom_org, language: str) -> User:
    return UserFactory(
        username=f"super_{language or 'none'}",
        role=User.Role.ADMIN,
        organisation=iom_org,
        is_staff=True,
        is_superuser=True,
        preferred_language=language,
    )


def signed_in(user: User, accept_language: str = "") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=accept_language) if accept_language else Client()
    client.force_login(user)
    return client


def test_an_arabic_speaking_admin_reads_the_back_office_index_in_arabic_right_to_left(iom_org):
    client = signed_in(back_office_user(iom_org, "ar"))

    page = client.get(reverse("admin:index")).text

    assert '<html lang="ar" dir="rtl">' in page
    assert "إدارة الموقع" in page  # Django's "Site administration"
    assert "المنظمات" in page and "بنيات الاستقبال" in page  # Manara's organisations, facilities
    assert "Site administration" not in page and "Site d’administration" not in page


def test_an_arabic_speaking_admin_reads_a_facility_change_form_in_arabic(iom_org, facility_a):
    client = signed_in(back_office_user(iom_org, "ar"))

    page = client.get(reverse("admin:facilities_facility_change", args=[facility_a.pk])).text

    assert '<html lang="ar" dir="rtl">' in page
    assert 'value="حفظ"' in page  # the Save button
    assert "Centre Al Amal" in page


def test_an_arabic_speaking_admin_reads_the_user_form_labels_in_arabic(iom_org):
    user = back_office_user(iom_org, "ar")
    client = signed_in(user)

    page = client.get(reverse("admin:accounts_user_change", args=[user.pk])).text

    assert "اللغة المفضلة" in page  # "preferred language"


def test_a_french_speaking_admin_reads_french_even_when_the_browser_asks_for_arabic(iom_org):
    client = signed_in(back_office_user(iom_org, "fr"), accept_language="ar")

    response = client.get(reverse("admin:index"))

    assert '<html lang="fr" dir="ltr">' in response.text
    assert "Site d’administration" in response.text
    assert "Organisations" in response.text
    assert response["Content-Language"] == "fr"


def test_an_english_speaking_admin_reads_english(iom_org):
    client = signed_in(back_office_user(iom_org, "en"), accept_language="fr")

    page = client.get(reverse("admin:index")).text

    assert '<html lang="en" dir="ltr">' in page
    assert "Site administration" in page


def test_an_admin_without_a_language_manara_speaks_reads_french(iom_org):
    client = signed_in(back_office_user(iom_org, ""), accept_language="en")

    page = client.get(reverse("admin:index")).text

    assert '<html lang="fr" dir="ltr">' in page


@pytest.mark.parametrize(
    ("accept_language", "language", "title"),
    [
        ("ar-MA,ar;q=0.9", "ar", "تسجيل الدخول"),
        ("en-GB", "en", "Log in"),
        ("", "fr", "Se connecter"),
    ],
)
def test_the_back_office_login_follows_the_browser_among_manaras_languages_else_french(
    db, accept_language, language, title
):
    client = Client(HTTP_ACCEPT_LANGUAGE=accept_language) if accept_language else Client()

    page = client.get(reverse("admin:login")).text

    assert f'<html lang="{language}"' in page
    assert f"<title>{title} | Manara</title>" in page


def test_the_admins_language_does_not_change_the_language_of_prefixed_pages(iom_org):
    client = signed_in(back_office_user(iom_org, "ar"))

    response = client.get("/fr/facilities/")

    assert '<html lang="fr"' in response.text


def test_the_widgets_of_an_arabic_speaking_admin_say_nothing_in_french(iom_org):
    client = signed_in(back_office_user(iom_org, "ar"))

    catalog = client.get(reverse("admin:jsi18n")).text

    assert "Choisir" not in catalog and "lundi" not in catalog
