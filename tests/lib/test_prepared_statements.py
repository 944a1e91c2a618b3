"""PostgreSQL plans a statement the portal runs again and again once per connection, not on every run (issue 13):
the settings bind parameters on the server and let psycopg prepare a statement a connection has run five times."""

import pytest
from django.contrib.auth.models import User
from django.db import connection

pytestmark = pytest.mark.django_db


def _prepared_reads_of_users() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ['%FROM "auth_user"%']
        )
        return cursor.fetchone()[0]


def test_a_read_run_five_times_is_prepared_and_answers_as_before():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's prepared statements")
    users = [User.objects.create_user(f"person{n}") for n in range(7)]
    assert _prepared_reads_of_users() == 0
    for user in users:  # the same statement, another parameter each time
        assert User.objects.filter(pk=user.pk).values_list("username", flat=True).get() == user.username
    assert _prepared_reads_of_users() == 1
