import surveys.jobs_exports  # noqa: F401
