"""The committee's evaluation page (scoring/evaluation_page.py) reads a page of its candidates' table and of
its interview's (or documents') sheets in the Albanian order of names (R-18.4) from an index on the names the
candidate keeps (migration 0011), instead of joining every candidate to the profiles and sorting them all with
ICU to keep 25 (issue 13). PostgreSQL's, where the server has "sq-x-icu" (recruitment.collation)."""

from django.db import migrations

from recruitment.collation import name_order_indexes

# (name, the columns before the names): all the evaluation's candidates (their table, the documents' sheets),
# and those invited to the interview (its sheets).
INDEXES = (
    ("candidate_evaluation_name_order", "evaluation_id"),
    ("candidate_evaluation_invited_name_order", "evaluation_id, invited_to_interview"),
)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0011_candidate_names_issue13")]

    operations = [migrations.RunPython(*name_order_indexes("scoring_evaluationcandidate", INDEXES, "code"))]
