"""Background tasks of the public directory: the full HSDS document, rebuilt off the request."""

import datetime

from django.utils import timezone
from django_tasks import task

from . import hsds_build


@task()
def rebuild_hsds(force: bool = False, site_url: str = "") -> str:
    """Rebuild the HSDS document files whose data changed (all with `force`); see `hsds_build`.

    While another build runs, this one comes back after the rebuild delay (when the backend can
    defer): the running build may have started before the change that queued this one.
    """
    hsds_build.window_closed(force)
    outcome = hsds_build.rebuild(force=force, site_url=site_url)
    if outcome == "busy" and rebuild_hsds.get_backend().supports_defer:
        later = timezone.now() + datetime.timedelta(seconds=max(hsds_build.rebuild_delay(), 10))
        rebuild_hsds.using(run_after=later).enqueue(force=force, site_url=site_url)
    return outcome
