"""The real URL configuration plus two views that fail on purpose (for the error-page tests)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from pmis.urls import handler403, handler404, handler500  # noqa: F401
from pmis.urls import urlpatterns as base_patterns


def forbidden(request):
    raise PermissionDenied


def boom(request):
    raise RuntimeError("unexpected")


urlpatterns = [*base_patterns, path("__tests__/forbidden/", forbidden), path("__tests__/boom/", boom)]
