"""A queryset compiled to SQL once per process and run again with other parameters (issue 13).

A page that reads the same wide query on every request ("My applications": a select_related of four tables
with subqueries of the later apps) spent more in Django's compiler (resolving the lookups, the joins, the
select list, the subqueries) than in PostgreSQL and in building the rows together. :func:`rows` builds the
queryset once, with sentinel values in place of the request's own (a user's id), keeps its SQL and its
compiler, and on every later call substitutes the values in the parameters and builds the model instances as
Django's ModelIterable builds them (``from_db``, select_related's populators, the annotations, the fields'
converters): the same objects, without compiling again.

A query is compiled again when its ``key`` changes: the caller puts in it whatever changes the SQL (the
registered providers of subqueries, for instance). Only for PostgreSQL; elsewhere the queryset runs as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.base import DEFERRED
from django.db.models.query import get_related_populators

# Values no request passes (a primary key or id is positive), one per parameter of ``build``.
_SENTINELS = tuple(-2_000_000_011 - n for n in range(8))

_compiled: dict[Hashable, Any] = {}


class _Compiled:
    def __init__(self, queryset: QuerySet, count: int):
        self.db = queryset.db
        compiler = queryset.query.get_compiler(using=self.db)
        sql, params = compiler.as_sql()
        if queryset._known_related_objects or compiler.has_extra_select:
            raise ValueError("compiled.rows: a queryset with known related objects or extra() is not handled")
        self.sql, self.params = sql, list(params)
        self.slots = [
            [i for i, value in enumerate(self.params) if value == _SENTINELS[n] and type(value) is int]
            for n in range(count)
        ]
        if any(not slots for slots in self.slots):
            raise ValueError("compiled.rows: every parameter of build() must reach the SQL as a parameter")
        klass_info = compiler.klass_info
        select = compiler.select
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.values = _full_width(self.model, self.init_list, range(self.start, self.end))
        self.populators = get_related_populators(klass_info, select, self.db)
        for populator in self.populators:
            _widen(populator)
        self.annotations = list(compiler.annotation_col_map.items())
        self.converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])
        self.compiler = compiler

    def run(self, values: tuple) -> list:
        params = list(self.params)
        for slots, value in zip(self.slots, values, strict=True):
            for i in slots:
                params[i] = value
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        out = []
        for row in rows:
            obj = self.model.from_db(self.db, self.init_list, self.values(row))
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            out.append(obj)
        return out


def _full_width(model, attnames: list[str], positions) -> Callable[[Any], list]:
    """A function of a row that returns the model's concrete fields' values in their order, DEFERRED for those
    not selected: Model.from_db then builds the instance at once. Given a row's selected columns only (a
    deferred model, .only()), from_db looks each of the model's fields up in the list of those selected, which
    for a position's few hundred translated columns cost more than the rest of the row."""
    index = dict(zip(attnames, positions, strict=True))
    plan = [index.get(field.attname) for field in model._meta.concrete_fields]

    def values(row) -> list:
        return [DEFERRED if i is None else row[i] for i in plan]

    return values


def _widen(populator) -> None:
    """select_related's populator (django.db.models.query.RelatedPopulator) building its instance from the
    full width of values (_full_width), for it and the populators below it."""
    if populator.reorder_for_init is None:  # columns in the model's order (not read through a parent)
        model = populator.model_cls
        populator.reorder_for_init = _full_width(
            model, populator.init_list, range(populator.cols_start, populator.cols_end)
        )
        populator.init_list = [field.attname for field in model._meta.concrete_fields]
        populator.pk_idx = populator.init_list.index(model._meta.pk.attname)
    for below in populator.related_populators:
        _widen(below)


def rows(key: Hashable, build: Callable[..., QuerySet], *values: int) -> list:
    """``list(build(*values))``, with the SQL compiled once per ``key`` (see the module's docstring).
    ``values`` are integers (ids) that ``build`` passes to filters as they are."""
    compiled = _compiled.get(key)
    if compiled is None:
        queryset = build(*_SENTINELS[: len(values)])
        if connections[queryset.db].vendor != "postgresql":
            return list(build(*values))
        compiled = _compiled[key] = _Compiled(queryset, len(values))
    return compiled.run(values)
