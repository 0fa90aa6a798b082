"""Platform pages measured by `make bench` (floor.static and floor.view are always measured by run.py)."""

CASES = [
    ("core.home", "/"),
    ("core.jobs", "/jobs/"),
    ("notifications.list", "/notifications/"),
    ("accounts.profile", "/accounts/profile/"),
]
