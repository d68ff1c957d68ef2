"""What search engines read: the sitemap of the public side (the directory, the help page and
every published facility) and `/robots.txt`.

Each address is listed in French, Arabic and English with `hreflang` alternates, so that search
engines show a migrant the page in the language they search in. The alternates are the very links
each page declares in its head (`templates/directory/base.html`): one per language and
`x-default` on the French page. Django's own `x_default` would point at the address without a
language prefix, which only redirects.

The sitemap is kept like a public page (`directory.http.public`): its rendering is stored under
the published-data stamp, so a facility published a minute ago is in it on the next request.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpResponse
from django.urls import reverse

from facilities.models import Facility

from .http import public

# The page whose address `x-default` names, as the pages' own head does.
DEFAULT_LANGUAGE = "fr"


class AlternatesAsPagesDeclare(Sitemap):
    """`i18n` with one alternate per language and `x-default` on the French page's address."""

    i18n = True
    alternates = True
    x_default = False

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            by_language = {link["lang_code"]: link["location"] for link in url["alternates"]}
            url["alternates"].append(
                {"location": by_language[DEFAULT_LANGUAGE], "lang_code": "x-default"}
            )
        return urls


class PublicPagesSitemap(AlternatesAsPagesDeclare):
    """The directory's search page and the help page."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["directory:list", "directory:help"]

    def location(self, item):
        return reverse(item)


class FacilitySitemap(AlternatesAsPagesDeclare):
    """One page per published, open facility."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Facility.objects.published().only("slug", "updated_at").order_by("pk")

    def location(self, facility):
        return reverse("directory:facility", args=[facility.slug])

    def lastmod(self, facility):
        return facility.updated_at


SITEMAPS = {"pages": PublicPagesSitemap, "facilities": FacilitySitemap}


@public(lambda: settings.PUBLIC_CACHE_SECONDS, cache_rendering=True)
def sitemap(request):
    response = sitemap_view(request, sitemaps=SITEMAPS)
    return response.render()


# Crawlers may read the public directory, its facilities, the help page (in every language) and
# the static files those pages need to render; nothing else: staff pages, the admin and the APIs
# (the open data is for programs, announced on the directory's pages, not for search results).
ROBOTS_ALLOWED = ["/{language}/directory/", "/{language}/help/"]


@public(lambda: settings.PUBLIC_CACHE_SECONDS)
def robots_txt(request):
    lines = ["User-agent: *"]
    for language, _name in settings.LANGUAGES:
        lines += [f"Allow: {path.format(language=language)}" for path in ROBOTS_ALLOWED]
    lines += [f"Allow: /{settings.STATIC_URL.strip('/')}/", "Disallow: /"]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
