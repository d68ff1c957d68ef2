from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Public directory")

    def ready(self):
        from . import signals  # noqa: F401 (connects the HSDS rebuild to the data it publishes)
