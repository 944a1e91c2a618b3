"""A queryset compiled to SQL once per process and run again with other parameters (issue 13).

A page that reads the same wide query on every request ("My applications": a select_related of four tables
with subqueries of the later apps) spent more in Django's compiler (resolving the lookups, the joins, the
select list, the subqueries) than in PostgreSQL and in building the rows together. :func:`rows` builds the
queryset once, with sentinel values in place of the request's own (a user's id), keeps its SQL and its
compiler, and on every later call substitutes the values in the parameters and builds the model instances as
Django's ModelIterable builds them (``from_db``, select_related's populators, the annotations, the fields'
converters): the same objects, without compiling again.

:func:`tuples` does the same for a ``values_list`` queryset: its rows as tuples with the fields' converters
applied, the columns in the order of the names the caller gives, a page (``LIMIT``/``OFFSET``) appended to
the SQL; its values are ids or strings. These two are the portal's one way of keeping a read compiled: a
caller's keys are tuples whose first item names the caller (``"review_list:rows"``), as the cache is shared.

A query is compiled again when its ``key`` changes: the caller puts in it whatever changes the SQL (the
registered providers of subqueries, the values that are strings, for instance). Only for PostgreSQL;
elsewhere the queryset is built with the request's values and compiled on each call (the demo's SQLite).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from operator import itemgetter
from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.base import DEFERRED
from django.db.models.query import ValuesListIterable, get_related_populators
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery

# Values no request passes, one per parameter of ``build``: a primary key or id is positive, and no text holds
# a NUL (PostgreSQL refuses one).
_SENTINELS = tuple(-2_000_000_011 - n for n in range(8))
_TEXT_SENTINELS = tuple(f"\x00compiled {n}\x00" for n in range(8))

_compiled: dict[Hashable, Any] = {}


class _Compiled:
    def __init__(self, queryset: QuerySet, count: int):
        self.db = queryset.db
        compiler = queryset.query.get_compiler(using=self.db)
        sql, params = compiler.as_sql()
        if queryset._known_related_objects or compiler.has_extra_select:
            raise ValueError("compiled.rows: a queryset with known related objects or extra() is not handled")
        self.sql, self.params = sql, list(params)
        self.slots = _slots(self.params, _SENTINELS[:count], "compiled.rows")
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


def _slots(params: list, sentinels: Sequence, who: str) -> list[list[int]]:
    """For each sentinel, where it stands in the parameters: there the call's value is put. A sentinel that
    is not there (build() put it in the SQL's text, or left it out) is refused: the SQL would not change
    with the value."""
    slots = [[i for i, p in enumerate(params) if type(p) is type(s) and p == s] for s in sentinels]
    if not all(slots):
        raise ValueError(f"{who}: every parameter of build() must reach the SQL as a parameter")
    return slots


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


class _CompiledValues:
    """A values_list queryset's SQL, where its values go, its converters and the order of its columns."""

    def __init__(self, queryset: QuerySet, sentinels: Sequence, columns: Sequence[str] | None, convert: bool):
        if queryset._iterable_class is not ValuesListIterable and not (
            columns and hasattr(queryset, "original_fields")
        ):
            raise ValueError("compiled.tuples: only a values_list() queryset, not flat or named, is handled")
        self.db = queryset.db
        query = queryset.query
        compiler = query.get_compiler(using=self.db)
        sql, params = compiler.as_sql()
        self.sql, self.params = sql, list(params)
        self.slots = _slots(self.params, sentinels, "compiled.tuples")
        # A page of the rows: the SQL's tail (the queryset not sliced, else LIMIT would stand twice).
        self.paged = None if query.is_sliced else sql + " LIMIT %s OFFSET %s"
        self.converters = (
            compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]]) if convert else {}
        )
        # Kept only to apply the converters: the compiler holds the whole query (more objects for the garbage
        # collector to walk on every request).
        self.compiler = compiler if self.converters else None
        # The SELECT's columns by their names (as ValuesIterable reads them); given no columns, a
        # ValuesListIterable's rows are the SELECT's as they are.
        names = (
            list(query.selected)
            if query.selected
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        positions = list(range(len(names))) if columns is None else [names.index(c) for c in columns]
        self.order: Callable | None = None
        if positions != list(range(len(names))):
            self.order = (
                (lambda row, i=positions[0]: (row[i],)) if len(positions) == 1 else itemgetter(*positions)
            )

    def run(self, values: tuple, limit: int | None, offset: int) -> list[tuple]:
        params = list(self.params)
        for slots, value in zip(self.slots, values, strict=True):
            for i in slots:
                params[i] = value
        sql = self.sql
        if limit is not None:
            if self.paged is None:
                raise ValueError("compiled.tuples: a page of a sliced queryset is not handled")
            sql = self.paged
            params += [limit, offset]
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if self.order:
            if self.converters:
                rows = self.compiler.apply_converters(rows, self.converters)
            return list(map(self.order, rows))
        if self.converters:  # apply_converters gives lists
            return list(map(tuple, self.compiler.apply_converters(rows, self.converters)))
        return rows


def tuples(
    key: Hashable,
    build: Callable[..., QuerySet],
    *values: int | str,
    columns: Sequence[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
    convert: bool = True,
) -> list[tuple]:
    """The rows of ``build(*values)``, a ``values_list`` queryset, as tuples, its SQL compiled once per
    ``key`` (see the module's docstring); with ``limit``, the page ``LIMIT limit OFFSET offset`` of them (the
    queryset itself not sliced). ``values`` are ids (integers) or strings that ``build`` passes to filters as
    they are; a value's kind is part of the SQL's shape, so a value that may be either wants a key of each.
    ``columns``: the columns' names in the order the tuples give them (a modeltranslation queryset, whose
    SELECT's order is not its values_list's, must name them); by default the ORM's order. ``convert=False``:
    the values as the database driver gives them, the fields' converters not applied (a JSON column as its
    text: a page that reads few of them saves a json.loads a row)."""
    compiled = _compiled.get(key)
    if compiled is None:
        sentinels = [
            _TEXT_SENTINELS[n] if isinstance(v, str) else _SENTINELS[n] for n, v in enumerate(values)
        ]
        queryset = build(*sentinels)
        if connections[queryset.db].vendor != "postgresql":
            queryset = build(*values)
            return _CompiledValues(queryset, (), columns, convert).run((), limit, offset)
        compiled = _compiled[key] = _CompiledValues(queryset, sentinels, columns, convert)
    return compiled.run(values, limit, offset)


# --- An INSERT compiled once ------------------------------------------------------------------------------


class _CompiledInsert:
    """A model's single-row ``INSERT ... RETURNING`` as Model.save() writes a new row: its SQL, the fields
    whose values it takes in order, and the converters of what it returns."""

    def __init__(self, obj: Model, db: str):
        model = type(obj)
        meta = model._meta
        self.db = db
        self.fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
        self.returning = list(meta.db_returning_fields)
        query = InsertQuery(model)
        query.insert_values(self.fields, [obj])
        self.compiler = query.get_compiler(using=db)
        self.compiler.returning_fields = self.returning
        [(sql, params)] = self.compiler.as_sql()
        if len(params) != len(self.fields) or self.compiler.returning_params:
            raise ValueError("compiled.insert: a field whose value is not one parameter is not handled")
        self.sql = sql
        self.converters = self.compiler.get_converters([f.get_col(meta.db_table) for f in self.returning])

    def run(self, obj: Model) -> None:
        compiler = self.compiler
        params = []
        for field in self.fields:
            value = compiler.pre_save_val(field, obj)  # auto_now and the like, set on obj as save() does
            if hasattr(value, "resolve_expression"):
                raise _NotPlain
            params.append(field.get_db_prep_save(value, connection=compiler.connection))
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        rows = [row]
        if self.converters:
            rows = list(compiler.apply_converters(rows, self.converters))
        for value, field in zip(rows[0], self.returning, strict=True):
            setattr(obj, field.attname, value)
        obj._state.adding = False
        obj._state.db = self.db


class _NotPlain(Exception):
    """A value is an expression (F(), a function): Model.save() writes it."""


_inserts: dict[type, _CompiledInsert] = {}
M = TypeVar("M", bound=Model)


def insert(obj: M, *, own_save_adds_nothing: bool = False) -> M:
    """``obj.save(force_insert=True)`` for a new row (no primary key set), with the INSERT compiled once per
    model (issue 13: compiling it cost more than running it, on every upload's document, history line and
    audit event). The fields' ``pre_save`` (``auto_now``) and related objects' checks run as in save(); the
    row's returned columns (the id) are set on ``obj``. ``save()`` itself is called instead (the ORM's way)
    when another database than PostgreSQL is in use, when the model has parents, when a ``pre_save`` or
    ``post_save`` receiver listens to it, when a value is an expression, and when the model overrides
    ``save()`` unless the caller says that override adds nothing for a new row (``own_save_adds_nothing``)."""
    model = type(obj)
    meta = model._meta
    db = router.db_for_write(model, instance=obj)
    if (
        connections[db].vendor != "postgresql"
        or meta.parents
        or obj.pk is not None
        or (model.save is not Model.save and not own_save_adds_nothing)
        or pre_save.has_listeners(model)
        or post_save.has_listeners(model)
        or any(hasattr(getattr(obj, f.attname), "resolve_expression") for f in meta.local_concrete_fields)
    ):
        obj.save(force_insert=True, using=db)
        return obj
    obj._prepare_related_fields_for_save(operation_name="save")
    compiled = _inserts.get(model)
    if compiled is None or compiled.db != db:
        compiled = _inserts[model] = _CompiledInsert(obj, db)
    try:
        compiled.run(obj)
    except _NotPlain:
        obj.save(force_insert=True, using=db)
    return obj
