"""Audit views: analytics."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
