from django.db import migrations

# A published or closed announcement is public record: PostgreSQL refuses to delete it, whatever code asks
# (the admin's refusal and audit.deletion's guard are the friendly front; this is the floor).
FORWARD = """
CREATE OR REPLACE FUNCTION vacancies_announcement_keep_public() RETURNS trigger AS $$
BEGIN
  IF OLD.status <> 'draft' THEN
    RAISE EXCEPTION 'announcement % is %: a published or closed announcement is never deleted',
      OLD.reference, OLD.status;
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER vacancies_announcement_keep_public
  BEFORE DELETE ON vacancies_announcement
  FOR EACH ROW EXECUTE FUNCTION vacancies_announcement_keep_public();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS vacancies_announcement_keep_public ON vacancies_announcement;
DROP FUNCTION IF EXISTS vacancies_announcement_keep_public();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0003_position_applications_at_extension")]
    operations = [migrations.RunPython(forward, backward)]
