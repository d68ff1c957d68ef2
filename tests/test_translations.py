"""Every user-facing string is translated into French and Arabic, and pages follow the language."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")


def unescape(po_string):
    """The text a .po string stands for: its \\n, \\" and \\\\ escapes resolved, UTF-8 kept."""
    return po_string.encode().decode("unicode_escape").encode("latin-1").decode()


def catalogue_entries(language):
    """(msgid, plural, [msgstr...], flags, context) of each entry of a .po file, no header."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" in fields and fields["msgid"]:
            strings = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries.append(
                (
                    fields["msgid"],
                    fields.get("msgid_plural", ""),
                    strings,
                    flags,
                    fields.get("msgctxt"),
                )
            )
    return entries


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_catalogue_is_complete_and_not_fuzzy(language):
    entries = catalogue_entries(language)
    assert len(entries) > 100
    missing = [msgid for msgid, _, strings, _, _ in entries if not all(strings)]
    fuzzy = [msgid for msgid, _, _, flags, _ in entries if "fuzzy" in flags]
    assert missing == [], f"untranslated in {language}: {missing[:10]}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy[:10]}"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_translations_keep_every_placeholder(language):
    for msgid, plural, strings, _, _ in catalogue_entries(language):
        expected = set(PLACEHOLDER.findall(msgid)) | set(PLACEHOLDER.findall(plural))
        for translated in strings:
            found = set(PLACEHOLDER.findall(translated))
            # A plural form may say "one" in words instead of the count.
            assert found <= expected and (found or not expected or plural), (msgid, translated)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_compiled_catalogue_matches_the_sources(language):
    """The committed .mo file says what the .po file says (run `make messages` after editing)."""
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for msgid, plural, strings, _, context in catalogue_entries(language):
        if plural:
            continue
        if context is None:
            compiled_text = catalogue.gettext(unescape(msgid))
        else:
            compiled_text = catalogue.pgettext(unescape(context), unescape(msgid))
        assert compiled_text == unescape(strings[0]), msgid
