"""Survey views: population. This module's `urlpatterns` is included by surveys/urls.py."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
