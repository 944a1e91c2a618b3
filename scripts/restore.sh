#!/bin/sh
# Restore a backup written by scripts/backup.sh into a NEW database of the stack (never over the live one),
# with the documents, then verify it (manifest hashes, the audit chain, every document's SHA-256):
#
#   scripts/restore.sh ./backups/portal-20261205T180000Z [recruitment_restored]
#
# Then stop web, worker and beat, point DATABASE_URL (deploy/.env and deploy/migrate.env) at the restored
# database, and start them again (deploy/README.md, "Restore").
set -eu
cd "$(dirname "$0")/.."
BACKUP="$(realpath "$1")"
NAME="${2:-recruitment_restored}"
# The owner's URL (deploy/migrate.env) with the database name replaced.
OWNER_URL="$(sed -n 's/^DATABASE_URL=//p' deploy/migrate.env)"
URL="${OWNER_URL%/*}/$NAME"
# The same rights as deploy/postgres/10-roles.sh gives the live database: the owner restores (owns the tables),
# the app role gets rows only.
docker compose exec -T db createdb -U postgres -O recruitment "$NAME"
docker compose exec -T db psql -v ON_ERROR_STOP=1 -U postgres -d "$NAME" <<SQL
REVOKE ALL ON DATABASE "$NAME" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE "$NAME" TO recruitment_app;
ALTER SCHEMA public OWNER TO recruitment;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO recruitment_app;
ALTER DEFAULT PRIVILEGES FOR ROLE recruitment IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO recruitment_app;
ALTER DEFAULT PRIVILEGES FOR ROLE recruitment IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO recruitment_app;
SQL
exec docker compose run --rm --no-deps -v "$BACKUP:/backup:ro" -e DATABASE_URL="$URL" migrate \
    python manage.py restore_portal /backup
