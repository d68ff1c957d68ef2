"""Background tasks of the public directory: the full HSDS document, rebuilt off the request."""

from django_tasks import task

from . import hsds_build


@task()
def rebuild_hsds(force: bool = False, site_url: str = "") -> str:
    """Rebuild the HSDS document files whose data changed (all with `force`); see `hsds_build`."""
    hsds_build.window_closed(force)
    return hsds_build.rebuild(force=force, site_url=site_url)
