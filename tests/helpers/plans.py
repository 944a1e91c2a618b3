"""PostgreSQL's plan of a page's statement, for the tests that a list reads its page in an index's order."""

import pytest
from django.db import connection

from recruitment.collation import POSTGRESQL_COLLATION


def require_name_order_indexes() -> None:
    """Skips the test where the server has no ICU collation: the lists then order plainly, and the indexes in
    the Albanian order are not made (recruitment.collation.name_order_indexes)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [POSTGRESQL_COLLATION])
        if cursor.fetchone() is None:
            pytest.skip("this PostgreSQL has no ICU collation: the list orders plainly, without the index")


def plan_without_sorting(sql: str) -> str:
    """EXPLAIN of ``sql`` with sorting and whole-table reads priced out, so that the plan uses an index that
    gives the order wherever one can (in the test's transaction: the settings end with it)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())
