"""The sitemap of the public side: the directory, the help page and every published facility.

Each address is listed in French, Arabic and English with `hreflang` alternates, so that search
engines show a migrant the page in the language they search in.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from facilities.models import Facility


class PublicPagesSitemap(Sitemap):
    """The directory's search page and the help page."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["directory:list", "directory:help"]

    def location(self, item):
        return reverse(item)


class FacilitySitemap(Sitemap):
    """One page per published, open facility."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Facility.objects.published().only("slug", "updated_at").order_by("pk")

    def location(self, facility):
        return reverse("directory:facility", args=[facility.slug])

    def lastmod(self, facility):
        return facility.updated_at


SITEMAPS = {"pages": PublicPagesSitemap, "facilities": FacilitySitemap}
