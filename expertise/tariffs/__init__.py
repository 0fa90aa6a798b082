"""Tariff and subsidy verification of carriers on socially significant routes (TARIFFS.md), a room of the expertise
app laid out like an app: engine (the pure calculation), models, permissions, selectors, services, forms, views,
urls, admin, portal, demo. Its models keep the app label `expertise`, so its tables and migrations are unchanged."""
