from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demonstration and load-test data; the last app of the chain, so it may use every other."""

    name = "demo"
    verbose_name = _("Demonstration data")
