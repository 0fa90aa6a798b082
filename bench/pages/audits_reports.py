"""Audit analytics measured by `make bench` over the 2,000 issued audits of bench/builders/71_audits_reports.py
(the bench user holds every role, the auditor's among them, so it counts every audit)."""

CASES = [
    ("audits.analytics", "/audits/analytics/"),
    ("audits.analytics_year", "/audits/analytics/?year=2025"),
]
