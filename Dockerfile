# The portal's image: web (gunicorn), worker and beat (Celery) and the release step all run it;
# docker-compose.yml says which. Build: docker compose build (see deploy/README.md).
FROM python:3.11-slim-bookworm

# DEBUG=0: production settings (the settings default to them too; the demo sets DEBUG=1 itself).
ENV DEBUG=0 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=recruitment.settings \
    STATIC_ROOT=/srv/static \
    PRIVATE_MEDIA_ROOT=/srv/private-media

# The Debian libraries WeasyPrint loads (Pango, HarfBuzz's subsetter), a font for the PDFs, and
# gettext for compilemessages: the same list as scripts/system-deps.sh.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# The user every process of the container runs as. The code in /app stays root's (read-only to
# it); it writes only to /srv (static files, documents), /tmp and its home (fontconfig's cache).
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --create-home --home-dir /home/portal \
        --shell /usr/sbin/nologin portal

WORKDIR /app

# The dependencies first, in their own layer: a change of code does not reinstall them.
# (pyproject.toml declares no package: the code runs from /app, on PYTHONPATH.)
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Translations and static files are part of the image. Settings need a SECRET_KEY with DEBUG=0;
# this one exists only during the build (never in the image's environment). compilemessages
# stops when it finds no locale/ directory at all, which git drops while it is empty. The code is
# compiled here because the portal user cannot write __pycache__ at run time.
RUN mkdir -p locale \
    && SECRET_KEY=build-time-only-not-a-secret DEBUG=0 python manage.py compilemessages \
    && SECRET_KEY=build-time-only-not-a-secret DEBUG=0 python manage.py collectstatic --noinput \
    && python -m compileall -q /app \
    && mkdir -p "$PRIVATE_MEDIA_ROOT" \
    && chown -R portal:portal /srv

USER portal
EXPOSE 8000

# GET /healthz with a Host that ALLOWED_HOSTS accepts; worker and beat set their own in compose.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py"]

ENTRYPOINT ["/bin/sh", "/app/deploy/entrypoint.sh"]
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "recruitment.wsgi:application"]
