"""Filters of the public pages: phone numbers as tel:, WhatsApp and geo: links need them."""

from urllib.parse import quote

from django import template

register = template.Library()


@register.filter
def dial(number: str) -> str:
    """ "+212 536-704512" becomes "+212536704512": digits, with the leading + kept."""
    number = (number or "").strip()
    digits = "".join(character for character in number if character.isdigit())
    return f"+{digits}" if number.startswith("+") and digits else digits


@register.filter
def whatsapp_link(number: str) -> str:
    """The wa.me address of a number in international form (wa.me wants digits only)."""
    return f"https://wa.me/{dial(number).lstrip('+')}"


@register.filter
def geo_link(facility) -> str:
    """A geo: URI (RFC 5870) that opens the phone's map application at the facility, labelled
    with its name in the page's language."""
    latitude, longitude = facility.latitude, facility.longitude
    label = quote(facility.public_name[0], safe="")
    return f"geo:{latitude},{longitude}?q={latitude},{longitude}({label})"
