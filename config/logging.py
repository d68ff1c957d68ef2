"""Where Manara's log lines and error reports go (settings.LOGGING is built here).

- Every line goes to the console (the service manager keeps it), as text or, with
  `LOG_FORMAT=json`, as one JSON object a line for a log collector, each with the request's id
  (django-guid: taken from the reverse proxy's `X-Request-ID`, else made, and sent back in the
  response's `X-Request-ID`) so that the lines of one request can be found together.
- An unhandled error (a 500) is mailed to `ADMINS` when DEBUG is off (queued like every mail,
  `mailing.handlers`: the failing request does not wait for the mail server), and sent to Sentry
  when `SENTRY_DSN` is set. Neither report carries what a person typed or the values of variables:
  they may hold a migrant's name or phone number (`ErrorReportFilter`, `scrub_event`).
"""

import re

from django.views.debug import SafeExceptionReporterFilter

TEXT = "%(asctime)s %(levelname)s %(name)s [%(correlation_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(correlation_id)s %(message)s"


def logging_config(level: str, log_format: str) -> dict:
    """The LOGGING setting: console lines as `text` or `json`, and 500s mailed to ADMINS."""
    formatter = (
        {"()": "pythonjsonlogger.json.JsonFormatter", "format": JSON_FIELDS}
        if log_format == "json"
        else {"format": TEXT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "correlation_id": {"()": "django_guid.log_filters.CorrelationId"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {"line": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["correlation_id"],
                "formatter": "line",
            },
            "mail_admins": {
                "class": "mailing.handlers.QueuedAdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Instead of Django's defaults (its own console and mail handlers on "django"): every
            # line reaches the root's console once, and the errors of requests are mailed.
            "django": {"handlers": [], "propagate": True},
            "django.request": {"handlers": ["mail_admins"], "propagate": True},
            "weasyprint": {"level": "ERROR"},
            "fontTools": {"level": "ERROR"},
        },
    }


class ErrorReportFilter(SafeExceptionReporterFilter):
    """Error reports (mails to ADMINS) without the values of local variables and of what was
    posted: the kind of error, where it happened and the request's address are enough to act.
    Settings whose value may hold a secret (a Sentry DSN, a cache or database address with its
    password) are masked as well as Django's own list."""

    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DSN|URL|CACHES|DATABASES", flags=re.I
    )

    def get_traceback_frame_variables(self, request, tb_frame):
        return []

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)


SCRUBBED = "[scrubbed]"


def scrub_event(event: dict, hint: dict) -> dict:
    """Sentry's `before_send`: leave out posted data, cookies, local variables and the user."""
    request = event.get("request") or {}
    for key in ("data", "cookies"):
        if key in request:
            request[key] = SCRUBBED
    if "headers" in request:
        request["headers"] = {
            name: (SCRUBBED if name.lower() in ("cookie", "authorization") else value)
            for name, value in request["headers"].items()
        }
    event.pop("user", None)
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    return event
