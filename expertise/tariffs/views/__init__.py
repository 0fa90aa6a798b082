"""Tariff pages: cases (list, detail, data entry, transitions, report) and the reference data."""
