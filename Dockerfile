# PMIS application image: the web process (gunicorn), the Celery worker and Celery beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=pmis.settings.prod \
    PMIS_MEDIA_ROOT=/app/media

# WeasyPrint (PDF) needs Pango and HarfBuzz; DejaVu covers Cyrillic and Kazakh; gettext compiles the catalogs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# The build needs no secret: compilemessages does not touch the database.
RUN DJANGO_SECRET_KEY=build-only-not-secret python manage.py compilemessages --ignore=.venv -v 0 \
    && useradd --system --home-dir /app --shell /usr/sbin/nologin pmis \
    && mkdir -p /app/media /app/staticfiles \
    && chown -R pmis:pmis /app/media /app/staticfiles

USER pmis
EXPOSE 8000
CMD ["gunicorn", "pmis.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
