"""Expertise pages measured by `make bench` (the bench user holds every role, so it sees every case)."""

CASES = [
    ("expertise.stats", "/expertise/stats/"),
    ("expertise.cases", "/expertise/"),
    ("expertise.opinions", "/expertise/opinions/"),
]
