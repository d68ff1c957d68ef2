"""Which variant of Kobo's export a file was, as the preview says it ("labels (Français), CSV").

Kept on the import as a short code (`csv:fr:grouped`), so that the preview says it in the
language of whoever opens it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .labels import LANGUAGE_NAMES, XML


@dataclass(frozen=True)
class Variant:
    file_format: str  # "xlsx", "csv" (one CSV file or several) or "zip" (CSV files in a ZIP)
    language: str  # labels.XML, or a language code of the form
    grouped: bool

    @property
    def code(self) -> str:
        return ":".join([self.file_format, self.language, "grouped" if self.grouped else "flat"])

    @classmethod
    def from_code(cls, code: str) -> "Variant | None":
        parts = (code or "").split(":")
        if len(parts) != 3 or parts[1] not in {XML, *LANGUAGE_NAMES}:
            return None
        return cls(parts[0], parts[1], parts[2] == "grouped")

    def __str__(self) -> str:
        if self.language == XML:
            headers = _("XML values and headers")
        else:
            headers = _("labels (%(language)s)") % {"language": LANGUAGE_NAMES[self.language]}
        groups = _("with group names") if self.grouped else _("without group names")
        if self.file_format == "zip":
            file_format = _("CSV files in a ZIP archive")
        else:
            file_format = self.file_format.upper()
        # The separator is the language's own (the Arabic comma in Arabic).
        return _("%(headers)s, %(format)s, %(groups)s") % {
            "headers": headers,
            "format": file_format,
            "groups": groups,
        }
