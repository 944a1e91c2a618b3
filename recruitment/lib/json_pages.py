"""A page of a long published list (a shortlist's names, a list of results) whose count is known
beforehand and whose rows are read a page at a time, for a Paginator: the count comes from the list's own
row, a page from ``read(start, stop)`` (an index range, e.g. ``place BETWEEN start + 1 AND stop``), so a page
costs the same at 100 or 10,000 names. Cutting the page out of the stored JSON array instead
(``jsonb_array_elements``, ``jsonb_path_query_array``) made PostgreSQL detoast and expand the whole array at
each request (issue 13)."""

from collections.abc import Callable


class CountedRows:
    """``count`` rows, sliceable (0-based, as a Paginator slices) through ``read(start, stop)``."""

    def __init__(self, count: int, read: Callable[[int, int], list]):
        self._count = max(count, 0)
        self._read = read

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, item):
        if not isinstance(item, slice) or item.step not in (None, 1):
            raise TypeError("read a page by a slice")
        start, stop, _step = item.indices(self._count)
        return self._read(start, stop) if start < stop else []
