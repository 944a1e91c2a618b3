"""The Albanian alphabetical order (recruitment.lib.albanian, R-18.4) inside the database's ORDER BY, for the
lists of people that are paginated or filtered in SQL (the admin's changelists):
``AlbanianOrder("last_name")``.

- SQLite (the demo): a collation registered on every new connection that compares with ``albanian.sort_key``
  itself, so the admin's order is exactly the shortlist's.
- PostgreSQL: ICU's Albanian collation ``sq-x-icu`` when the server has it. It orders the 36 letters as
  ``albanian`` does (ç after c, dh after d, ë after e, gj, ll, nj, rr, sh, th, xh, zh); it differs only for
  letters outside the alphabet (ICU puts "w" between v and x, ``albanian`` after zh).
- Anything else (a PostgreSQL built without ICU): the plain order, as before.

A list held in memory sorts with ``albanian.sort_key`` (verification.rules.shortlist_sort_key) instead.
"""

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func

from recruitment.lib import albanian

SQLITE_COLLATION = "albanian"
POSTGRESQL_COLLATION = "sq-x-icu"
_postgresql_has_icu: dict[str, bool] = {}


def _compare(a: str, b: str) -> int:
    key_a, key_b = albanian.sort_key(a), albanian.sort_key(b)
    return (key_a > key_b) - (key_a < key_b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


connection_created.connect(register_sqlite_collation, dispatch_uid="recruitment.collation.albanian")


def _postgresql_collation(connection) -> str | None:
    alias = connection.alias
    if alias not in _postgresql_has_icu:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [POSTGRESQL_COLLATION])
            _postgresql_has_icu[alias] = cursor.fetchone() is not None
    return POSTGRESQL_COLLATION if _postgresql_has_icu[alias] else None


class AlbanianOrder(Func):
    """A text column in the Albanian alphabetical order: ``qs.order_by(AlbanianOrder("last_name").asc())``."""

    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql}) COLLATE {SQLITE_COLLATION}", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        collation = _postgresql_collation(connection)
        if collation is None:
            return sql, params
        return f'({sql}) COLLATE "{collation}"', params


def albanian_name_order(last_name: str, first_name: str, *then: str) -> list:
    """The ORDER BY of a list of people: last name, first name (Albanian alphabet), then ``then`` to make it
    total."""
    return [AlbanianOrder(last_name).asc(), AlbanianOrder(first_name).asc(), *then]


def name_order_indexes(table: str, indexes, *then: str):
    """A migration's RunPython pair making (and dropping) the indexes that give a list of people its order
    (``albanian_name_order("last_name", "first_name", *then)``) on ``table``: ``indexes`` are ``(name, the
    columns before the names)``. PostgreSQL's only, made only where the server has ``sq-x-icu`` (elsewhere
    the list orders plainly, or in SQLite's own way, and needs none)."""

    columns = ", ".join(
        [
            f'(last_name COLLATE "{POSTGRESQL_COLLATION}")',
            f'(first_name COLLATE "{POSTGRESQL_COLLATION}")',
            *then,
        ]
    )

    def create(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [POSTGRESQL_COLLATION])
            if cursor.fetchone() is None:
                return
            for name, first in indexes:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({first}, {columns})")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                for name, _first in indexes:
                    cursor.execute(f"DROP INDEX IF EXISTS {name}")

    return create, drop
