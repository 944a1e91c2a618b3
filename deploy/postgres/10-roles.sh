#!/bin/sh
# Creates the portal's two database roles. The postgres image runs it once, when it creates the cluster
# (docker-compose.yml mounts deploy/postgres/ at /docker-entrypoint-initdb.d); tests/test_deploy.py runs it
# against a scratch database of the local PostgreSQL.
#
#   owner  (DB_OWNER_USER, default "recruitment")       owns the database, its schema and every table the
#          migrations create: only the release step (compose service "migrate") connects as it.
#   app    (DB_APP_USER, default "recruitment_app")     what web, worker and beat connect as: reads and writes
#          rows, nothing else. It owns no table, so it cannot ALTER TABLE (e.g. DISABLE TRIGGER on the audit
#          log), DROP or TRUNCATE; the audit tables' migration takes UPDATE and DELETE back from it.
#
# Variables: POSTGRES_USER (a superuser), POSTGRES_DB (the database, created empty by the image),
# DB_OWNER_PASSWORD, DB_APP_PASSWORD (required), DB_OWNER_USER, DB_APP_USER (optional).
set -eu
: "${DB_OWNER_PASSWORD:?set DB_OWNER_PASSWORD in deploy/db.env}"
: "${DB_APP_PASSWORD:?set DB_APP_PASSWORD in deploy/db.env}"
owner="${DB_OWNER_USER:-recruitment}"
app="${DB_APP_USER:-recruitment_app}"
database="${POSTGRES_DB:-recruitment}"

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "$database" \
    -v owner="$owner" -v app="$app" -v database="$database" \
    -v owner_password="$DB_OWNER_PASSWORD" -v app_password="$DB_APP_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE ROLE :"app" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER DATABASE :"database" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"app";
-- The schema belongs to the owner; the app may use it but create nothing in it.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
-- Every table and sequence the owner creates (the migrations) is open to the app for rows only: no TRUNCATE,
-- REFERENCES or TRIGGER privilege, and no ownership (ALTER, DROP, DISABLE TRIGGER need it).
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app";
SQL
