"""The portal shell: home page per persona, job progress and downloads, health check, error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from pmis.core.files import file_response
from pmis.core.htmx import AuthedHtmxRequest
from pmis.core.permissions import access_job, jobs_visible_to
from pmis.core.portal import panels_for


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed in: what needs my attention. Anonymous: the citizens' home page in the remembered language (the
    language cookie), else the browser's (Accept-Language), else Russian."""
    if not request.user.is_authenticated:
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            return redirect(reverse("public:home"))  # by name: the ground floor does not import portfolio
    return render(request, "core/home.html", {"panels": panels_for(request.user)})


@login_required
@require_GET
def job_list(request: AuthedHtmxRequest) -> HttpResponse:
    jobs = jobs_visible_to(request.user).filter(requested_by=request.user).select_related("requested_by")[:50]
    return render(request, "core/job_list.html", {"jobs": jobs})


@login_required
@require_GET
def job_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """A job's progress page; under htmx only the status fragment, which polls until the job ends."""
    job = access_job(request.user, pk)
    template = (
        "core/job_detail.html#job-status" if getattr(request, "htmx", False) else "core/job_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_GET
def job_download(request: AuthedHtmxRequest, pk: int) -> HttpResponseBase:
    job = access_job(request.user, pk)
    return file_response(job.result_file, filename=job.result_name or f"job-{job.pk}")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_GET
def ping(request: AuthedHtmxRequest) -> HttpResponse:
    """The cheapest signed-in page: the benchmark's floor for the full middleware stack."""
    return HttpResponse("ok", content_type="text/plain")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # a citizen's address (/kk/…, /ru/…, /en/…) gets the public pages' 404, the same for a missing project and
    # an unpublished or confidential one
    if translation.get_language_from_path(request.path_info):
        return render(request, "public/404.html", status=404)
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
