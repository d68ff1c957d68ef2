"""The language Manara writes to a person in, and the password-reset mail that follows it."""

import re

import pytest
from django.core import mail

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("preferred", "language"), [("ar", "ar"), ("en", "en"), ("fr", "fr"), ("", "fr"), ("de", "fr")]
)
def test_a_user_is_written_to_in_their_language_or_in_french(preferred, language):
    user = UserFactory.build(preferred_language=preferred)

    assert user.language == language


def test_a_reset_asked_from_the_french_page_reaches_an_arabic_account_in_arabic(
    client, after_commit
):
    user = UserFactory(username="amina", preferred_language="ar")

    with after_commit():
        client.post("/fr/accounts/password/reset/", {"email": user.email})

    (message,) = mail.outbox
    assert message.subject == "Manara: إعادة تعيين كلمة المرور"
    assert message.body.startswith("مرحبًا amina،")
    assert "طلب شخص ما إعادة تعيين كلمة المرور" in message.body
    link = re.search(r"http://testserver(/\w+/accounts/password/reset/\S+/)", message.body)
    assert link.group(1).startswith("/ar/")
    assert client.get(link.group(1), follow=True).context["validlink"] is True


def test_a_reset_asked_from_the_arabic_page_reaches_an_account_without_language_in_french(
    client, after_commit
):
    user = UserFactory(username="karim", preferred_language="")

    with after_commit():
        client.post("/ar/accounts/password/reset/", {"email": user.email})

    (message,) = mail.outbox
    assert message.subject == "Manara : réinitialisation de votre mot de passe"
    assert message.body.startswith("Bonjour karim,")
    assert re.search(r"http://testserver/fr/accounts/password/reset/\S+/", message.body)
    assert "/ar/" not in message.body
