"""Enrolling a test user's authenticator app, and reading the code that app would show."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor


def enrol(user) -> TOTPDevice:
    """The person has set up an app (a confirmed device, as after the enrolment page)."""
    return TOTPDevice.objects.create(user=user, name=twofactor.APP_DEVICE_NAME, confirmed=True)


def code_of(device: TOTPDevice) -> str:
    """What the person's app shows now (or next, when this code was used already)."""
    device.refresh_from_db()
    return twofactor.current_code(device)
