"""A page of a long JSON array stored in one row (a published shortlist's names, a frozen list of results),
cut out by the database: on PostgreSQL a Paginator's count and slice become ``count(*)`` and ``LIMIT/OFFSET``
over ``jsonb_array_elements``, so a page of 100 reads 100 elements, not the 10,000 of the array. Elsewhere
(the SQLite demo) the array is read whole by ``fallback``. Table and column names come from code, never from a
request."""

import json
from collections.abc import Callable, Sequence

from django.db import connection


class JsonArraySlice:
    """The elements of ``table.column`` in the row where ``key_column = key`` that satisfy ``condition`` (SQL
    over ``e.value``, with ``params``), in the array's order; sliceable and countable, as a Paginator
    needs."""

    def __init__(
        self,
        *,
        table: str,
        column: str,
        key_column: str,
        key,
        condition: str = "TRUE",
        params: Sequence = (),
        fallback: Callable[[], list],
    ):
        self._from = (
            f'FROM "{table}" s CROSS JOIN LATERAL jsonb_array_elements(s."{column}") WITH ORDINALITY '
            f'AS e(value, i) WHERE s."{key_column}" = %s AND ({condition})'
        )
        self._params = [key, *params]
        self._fallback = fallback
        self._count = None

    def count(self) -> int:
        if self._count is None:
            if connection.vendor != "postgresql":
                self._count = len(self._fallback())
            else:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) " + self._from, self._params)
                    self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("read a page by a slice")
        if connection.vendor != "postgresql":
            return self._fallback()[item]
        start, stop = item.start or 0, item.stop
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.value::text " + self._from + " ORDER BY e.i LIMIT %s OFFSET %s",
                [*self._params, max(stop - start, 0), start],
            )
            return [json.loads(row[0]) for row in cursor.fetchall()]
