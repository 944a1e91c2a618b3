"""Django's database sessions, read by one SQL statement built once per database (issue 13).

Every signed-in request reads its session row first. Django's store asks the ORM for it
(``Session.objects.get(session_key=..., expire_date__gt=now)``), which compiles the same query on every
request: about as many instructions as a whole page's frame. This store reads the same row, under the same
conditions (the key, not expired), with the statement written once from the model's table and columns;
everything else (creating, saving, cycling the key, deleting, clearing expired rows) is Django's own.
``SESSION_ENGINE`` names this module.
"""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

_sql: dict[str, str] = {}


def _renamed_backends() -> dict[str, str]:
    from recruitment.lib.auth_backends import RENAMED  # imports allauth: not at the settings' import

    return RENAMED


def _select(model, using: str) -> str:
    sql = _sql.get(using)
    if sql is None:
        connection = connections[using]
        quote = connection.ops.quote_name
        meta = model._meta

        def column(name: str) -> str:
            return quote(meta.get_field(name).column)

        sql = _sql[using] = (
            f"SELECT {column('session_data')} FROM {quote(meta.db_table)} "
            f"WHERE {column('session_key')} = %s AND {column('expire_date')} > %s"
        )
    return sql


class SessionStore(db.SessionStore):
    def load(self):
        data = super().load()
        # A session signed in under Django's or allauth's backend, before the portal named its own (the same
        # checks, the user read once compiled): read as the portal's, so nobody is signed out by the rename.
        backend = data.get(BACKEND_SESSION_KEY)
        if backend in _renamed_backends():
            data[BACKEND_SESSION_KEY] = _renamed_backends()[backend]
        return data

    def _get_session_from_db(self):
        model = self.model
        using = router.db_for_read(model)
        connection = connections[using]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_select(model, using), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:  # none, or expired: as Django's store, a new key will be made
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
