"""Audit views, one module per area; audits/urls.py composes their URL lists."""
