"""Only the owner of the audit tables may do more than read and append to them.

In production (docker-compose.yml, deploy/postgres/10-roles.sh) the web app and the workers connect as a role
that owns no table and was granted row rights on every table by default privileges; here UPDATE, DELETE and
TRUNCATE of the audit log and its checkpoints are taken back from every role but the owner running this
migration. The triggers refuse those statements anyway; this makes the refusal the database's permissions too.
"""

from django.db import migrations

FORWARD = """
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event, audit_checkpoint FROM PUBLIC;
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
           WHERE table_schema = current_schema() AND table_name IN ('audit_event', 'audit_checkpoint')
             AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
             AND grantee NOT IN (current_user, 'PUBLIC')
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_event, audit_checkpoint FROM %I', r.grantee);
  END LOOP;
END $$;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_keyed_chain_and_no_truncate")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
