#!/bin/sh
# Back the production stack up (docker-compose.yml): the database, the documents and a manifest of their
# SHA-256, into a new folder under ./backups (or $1). Runs as the tables' owner (deploy/migrate.env), the
# documents volume mounted read-only as the release step mounts it.
#
#   scripts/backup.sh [./backups]
set -eu
cd "$(dirname "$0")/.."
DEST="$(realpath -m "${1:-./backups}")"
mkdir -p "$DEST"
exec docker compose run --rm --no-deps -v "$DEST:/backups" migrate python manage.py backup_portal /backups
