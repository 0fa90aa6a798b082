"""Open data: the OC4IDS 0.9.5 project package and the CSV of the published projects (CC BY 4.0)."""
