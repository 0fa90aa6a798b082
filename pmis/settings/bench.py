"""Benchmark settings (`make bench`): production-like, but on plain HTTP against the throw-away bench database.

The database comes from BENCH_DATABASE_URL only, never from DATABASE_URL, so a benchmark run can
never point at (and drop) a real database by accident. Tasks run in-process; every response carries
an `X-Query-Count` header from bench.querycount.QueryCountMiddleware.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-insecure-key-not-for-production")

from .prod import *  # noqa: E402, F403
from .prod import MIDDLEWARE, env  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

BENCH_DATABASE_URL = env("BENCH_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/pmis_bench")
DATABASES = {"default": env.db_url_config(BENCH_DATABASE_URL)}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = 60

# Plain static storage served by WhiteNoise straight from the finders: no collectstatic step needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = env.path("PMIS_MEDIA_ROOT", default="/tmp/pmis-bench-media")

REDIS_URL = ""
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

MIDDLEWARE = ["bench.querycount.QueryCountMiddleware", *MIDDLEWARE]

# the surveys.submit bench posts every public answer from one address (surveys.abuse rate limit)
SURVEYS_PUBLIC_RATE_LIMIT = 1_000_000
# every feedback post of the bench comes from one address
PMIS_FEEDBACK_RATE_LIMIT = 1_000_000
