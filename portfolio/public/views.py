"""The citizen pages: no sign-in, the language in the address, cached for anonymous visitors
(pmis.core.publiccache). Every view asks the door (portfolio.public.access) for what it shows; the language links,
hreflang alternates and navigation of public/base.html come from portfolio.public.context_processors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from pmis.core.files import file_response
from pmis.core.publiccache import public_page
from portfolio.public import access, selectors

LANGUAGES = ("kk", "ru", "en")


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The city's ten directions and what is being done in each, with the city's totals."""
    return render(request, "public/home.html", selectors.home())


@require_safe
@public_page
def project_list(request: HttpRequest) -> HttpResponse:
    """Published projects with filters (direction, district, stage, SDG), search and pages."""
    return render(request, "public/project_list.html", selectors.project_list(request.GET))


@require_safe
@public_page
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One published project: summary, progress, budget, milestones, photos, documents, map, decisions,
    answered questions (404 for a missing, unpublished or confidential project alike)."""
    project, publication = access.access_public_project(code)
    page = selectors.project_page(project, publication)
    project_url = reverse("public:project", args=[project.code])
    cover = page.photos[0] if page.photos else None
    return render(
        request,
        "public/project_detail.html",
        {
            "p": page,
            "project": project,
            "project_url": project_url,
            "feedback_url": reverse("public:feedback-new", args=[project.code]),
            "og_image": (
                request.build_absolute_uri(reverse("public:project-file", args=[project.code, cover.pk]))
                if cover
                else ""
            ),
            "tiles_url": settings.PMIS_MAP_TILES_URL,
            "tiles_attribution": settings.PMIS_MAP_TILES_ATTRIBUTION,
        },
    )


@require_safe
def project_file(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    """A photo or document the live publication made public. Not a page for the public cache: files stream
    from storage (the cache keeps whole responses only)."""
    _project, document = access.access_public_file(code, pk)
    return file_response(
        document.file,
        filename=document.original_name or document.title,
        content_type=document.content_type or None,
    )


@require_safe
@public_page
def district_detail(request: HttpRequest, pk: int) -> HttpResponse:
    district = access.access_public_district(pk)
    return render(request, "public/district.html", selectors.district_page(district, request.GET))


@require_safe
@public_page
def direction_detail(request: HttpRequest, code: str) -> HttpResponse:
    direction = access.access_public_direction(code)
    return render(request, "public/direction.html", selectors.direction_page(direction, request.GET))


@require_safe
@public_page
def map_page(request: HttpRequest) -> HttpResponse:
    """The map of published projects, with the same projects as a list for keyboard and screen-reader users."""
    return render(
        request,
        "public/map.html",
        {
            "points": selectors.map_points(),
            "tiles_url": settings.PMIS_MAP_TILES_URL,
            "tiles_attribution": settings.PMIS_MAP_TILES_ATTRIBUTION,
        },
    )


@require_safe
@public_page
def map_data(request: HttpRequest) -> HttpResponse:
    """Published projects with coordinates as JSON: code, title in the page's language, position, address."""
    return JsonResponse({"projects": selectors.map_points()})


# Internal areas a crawler has no business in (they answer a sign-in redirect anyway).
DISALLOWED = (
    "/accounts/",
    "/admin/",
    "/audits/",
    "/expertise/",
    "/i18n/",
    "/jobs/",
    "/monitoring/",
    "/notifications/",
    "/portfolio/",
    "/projects/",
    "/surveys/",
)


@require_safe
@public_page
def robots(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public pages and open data, not the internal areas; the sitemap is linked."""
    lines = ["User-agent: *"]
    lines += [f"Allow: /{code}/" for code in LANGUAGES]
    lines += ["Allow: /open-data/", "Allow: /surveys/s/"]
    lines += [f"Disallow: {path}" for path in DISALLOWED]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('public_root:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _localized_urls(request: HttpRequest, name: str, args: list[Any]) -> dict[str, str]:
    urls = {}
    for code in LANGUAGES:
        with translation.override(code):
            urls[code] = request.build_absolute_uri(reverse(name, args=args))
    return urls


@require_safe
@public_page
def sitemap(request: HttpRequest) -> HttpResponse:
    """Home, list, map and every published project, district and direction in kk, ru and en, each with its
    alternates in the other languages (xhtml:link)."""
    objects = selectors.sitemap_objects()
    entries: list[dict[str, Any]] = [
        {"urls": _localized_urls(request, name, []), "lastmod": None}
        for name in ("public:home", "public:project-list", "public:map")
    ]
    # one reverse per language and page kind; each object's address is the pattern with its key put in
    patterns = {
        name: _localized_urls(request, name, [key])
        for name, key in (
            ("public:project", "__key__"),
            ("public:direction", "__key__"),
            ("public:district", 0),
        )
    }

    def filled(name: str, key: Any, placeholder: str) -> dict[str, str]:
        return {code: url.replace(placeholder, str(key)) for code, url in patterns[name].items()}

    entries += [
        {"urls": filled("public:project", c, "__key__"), "lastmod": u} for c, u in objects["projects"]
    ]
    entries += [
        {"urls": filled("public:direction", c, "__key__"), "lastmod": None} for c in objects["directions"]
    ]
    entries += [
        {"urls": filled("public:district", f"/{pk}/", "/0/"), "lastmod": None} for pk in objects["districts"]
    ]
    return render(
        request,
        "public/sitemap.xml",
        {"entries": entries, "languages": LANGUAGES},
        content_type="application/xml; charset=utf-8",
    )
