from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KoboConfig(AppConfig):
    """Field collection with KoboToolbox: the framework as an XLSForm, submissions back in."""

    name = "kobo"
    verbose_name = _("KoboToolbox")

    def ready(self):
        from . import photos  # noqa: F401 (deleting an import deletes its pending photos)
