"""Django admin URLs are covered by test_admin_urls_require_a_verified_administrator (one rule for all)."""

ENTRIES: list = []
