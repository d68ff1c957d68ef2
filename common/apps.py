from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The building blocks every app shares, and the background worker's heartbeat."""

    name = "common"
    verbose_name = "Common"
    default_auto_field = "django.db.models.BigAutoField"
