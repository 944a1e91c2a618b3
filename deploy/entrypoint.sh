#!/bin/sh
# Entry point of the portal's image (Dockerfile). Runs its arguments as given, except one word:
#
#   release   once per deployment, before web, worker and beat start (the compose `migrate`
#             service): apply migrations, create the cache table, and copy the static files into
#             the shared volume nginx serves (the image's own copy was collected at build time).
#
# Several web replicas can start at once: none of them migrates.
set -eu

if [ "${1:-}" = "release" ]; then
    # deploy/.env.example's placeholders must not reach production.
    case "${SECRET_KEY:-}${DATABASE_URL:-}${AUDIT_HMAC_KEY:-}" in
        *change-me*)
            echo "deploy/.env or deploy/migrate.env still holds a change-me placeholder (SECRET_KEY, DATABASE_URL or AUDIT_HMAC_KEY)" >&2
            exit 1;;
    esac
    python manage.py migrate --noinput
    python manage.py createcachetable
    python manage.py collectstatic --noinput
    exit 0
fi

exec "$@"
