"""HR's list of a position's reviews (verification/review_list.py) reads its page in the Albanian order of R-18.4
from an index (issue 13): without one, PostgreSQL read, counted and sorted all of a position's reviews for each
page of 100 (10.8 ms at 10,000 reviews against 0.6 ms with it, EXPLAIN ANALYZE). The order is ICU's "sq-x-icu"
(recruitment.collation), so the indexes are PostgreSQL's, made only where the server has that collation (the
list orders plainly elsewhere and needs none); SQLite's demo has none."""

from django.db import migrations

from recruitment.collation import name_order_indexes

# (name, the columns before the names): the list of all the position's reviews, and the list filtered on a
# decision.
INDEXES = (
    ("review_position_name_order", "position_id"),
    ("review_position_decision_name_order", "position_id, decision"),
)


class Migration(migrations.Migration):
    dependencies = [("verification", "0003_shortlist_entry_rows_issue13")]

    operations = [
        migrations.RunPython(*name_order_indexes("verification_review", INDEXES, "reference", "id"))
    ]
