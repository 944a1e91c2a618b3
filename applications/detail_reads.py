"""An application's page's lists in one statement (issue 13), on PostgreSQL.

The page reads the applicant's profile with its five lists, the position's documents and places, the events,
the documents attached and the person's library. Read each by its own query (even compiled once per process:
recruitment.lib.compiled) that is six statements, each with its round trip, cursor and rows; here they are
one row of JSON (``row_to_json``, ``json_agg`` in each model's order) made into the same model instances
(the values selectors._from_json gives) and put where prefetch_related puts them (selectors._prefetched,
without building each relation's filtered queryset). The documents attached and the library are read as the
few columns the page shows (Attached, Kept: a model instance of every column cost about 50 k instructions a
file). Elsewhere the selectors read them as before (model instances, which have the same attributes).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, models

from recruitment.lib.languages import LANGS
from vacancies.models import PositionPlace, RequiredDocument

from . import selectors
from .models import ApplicantProfile, ApplicationDocument, ApplicationEvent, LibraryDocument


def _agg(model, where: str, order: str, columns: list[str] | None = None) -> str:
    """The rows' JSON list: each row an object of all its columns, or an array of ``columns``."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    row = "t" if columns is None else f"json_build_array({', '.join(columns)})"
    return f"(SELECT COALESCE(json_agg({row} ORDER BY {order}), '[]') FROM {table} t WHERE {where})"


class Attached:
    """An attached document as the draft's page shows it (its line's link, size, hash and removal): the five
    columns read, not a model instance of them all. ``url`` and ``remove_url`` are the view's."""

    __slots__ = ("id", "slot", "label", "size", "sha256", "url", "remove_url")

    def __init__(self, id, slot, label, size, sha256):  # noqa: A002 (the column's name)
        self.id, self.slot, self.label, self.size, self.sha256 = id, slot, label, size, sha256

    @property
    def pk(self) -> int:
        return self.id


class Kept:
    """A file of the person's library as the page offers it (its choice: the label and the day kept)."""

    __slots__ = ("id", "label", "uploaded_at")

    def __init__(self, id, label, uploaded_at):  # noqa: A002 (the column's name)
        self.id, self.label = id, label
        self.uploaded_at = dt.datetime.fromisoformat(uploaded_at)

    @property
    def pk(self) -> int:
        return self.id


def _col(model, name: str) -> str:
    return "t." + connection.ops.quote_name(model._meta.get_field(name).column)


def _lists_sql() -> str:
    qn = connection.ops.quote_name
    meta: Any = ApplicantProfile._meta
    profile_lists = []
    for name in selectors.PROFILE_LISTS:
        child = meta.get_field(name).related_model
        fk = meta.get_field(name).field.column
        order = ", ".join(
            f"{_col(child, o.lstrip('-'))} {'DESC' if o.startswith('-') else 'ASC'}"
            for o in child._meta.ordering
        )
        profile_lists.append(
            f"(SELECT COALESCE(json_agg(t ORDER BY {order}), '[]') FROM {qn(child._meta.db_table)} t "
            f"WHERE t.{qn(fk)} = p.{qn(meta.pk.column)})"
        )
    named = ", ".join(f"{sql} AS l{n}" for n, sql in enumerate(profile_lists))
    profile = (
        f"SELECT row_to_json(p) AS profile, {named} "
        f"FROM {qn(meta.db_table)} p WHERE p.{qn(meta.get_field('user').column)} = %(applicant)s"
    )
    # Each list in its model's order within its parent (Meta.ordering after the parent's key).
    documents = _agg(
        RequiredDocument,
        f"{_col(RequiredDocument, 'position')} = %(position)s",
        f"{_col(RequiredDocument, 'order')}, t.id",
    )
    places = _agg(
        PositionPlace,
        f"{_col(PositionPlace, 'position')} = %(position)s",
        f"{_col(PositionPlace, 'order')}, t.id",
    )
    events = _agg(
        ApplicationEvent,
        f"{_col(ApplicationEvent, 'application')} = %(application)s",
        f"{_col(ApplicationEvent, 'at')}, t.id",
    )
    # The documents attached and the library: only the columns the page shows (Attached, Kept).
    attached = _agg(
        ApplicationDocument,
        f"{_col(ApplicationDocument, 'application')} = %(application)s "
        f"AND {_col(ApplicationDocument, 'removed_at')} IS NULL",
        f"{_col(ApplicationDocument, 'uploaded_at')}, t.id",
        columns=[_col(ApplicationDocument, name) for name in Attached.__slots__[:5]],
    )
    library = _agg(
        LibraryDocument,
        f"{_col(LibraryDocument, 'owner')} = %(owner)s",
        f"{_col(LibraryDocument, 'uploaded_at')} DESC, t.id DESC",
        columns=[_col(LibraryDocument, name) for name in Kept.__slots__],
    )
    return (
        f"SELECT prof.*, {documents}, {places}, {events}, {attached}, {library} "
        f"FROM (SELECT 1) AS one LEFT JOIN LATERAL ({profile}) AS prof ON TRUE"
    )


_sql: dict[str, str] = {}

# The fields whose to_python gives a JSON value back as it is (a str, int, bool, list, object or null): their
# values are taken as they come.
_AS_IS = {
    models.Field.to_python,
    models.CharField.to_python,
    models.TextField.to_python,
    models.IntegerField.to_python,
    models.BooleanField.to_python,
    models.ForeignKey.to_python,
}


def _from_iso(parse):
    def convert(value):
        return None if value is None else parse(value)

    return convert


_plans: dict[type, tuple[list[str], list[tuple[str, Any]]]] = {}


def _plan(model) -> tuple[list[str], list[tuple[str, Any]]]:
    """The model's attnames and, per field, its column and how its JSON value becomes the field's value: as it
    is, ``fromisoformat`` for a timestamp or a date (what to_python's parse_datetime and parse_date give for
    PostgreSQL's ISO text), else the field's to_python."""
    plan = _plans.get(model)
    if plan is None:
        converters = []
        for field in model._meta.concrete_fields:
            to_python = type(field).to_python
            if to_python in _AS_IS and not (isinstance(field, models.ForeignKey) and not _fk_as_is(field)):
                converters.append((field.column, None))
            elif to_python is models.DateTimeField.to_python:
                converters.append((field.column, _from_iso(dt.datetime.fromisoformat)))
            elif to_python is models.DateField.to_python:
                converters.append((field.column, _from_iso(dt.date.fromisoformat)))
            else:
                converters.append((field.column, field.to_python))
        plan = _plans[model] = ([f.attname for f in model._meta.concrete_fields], converters)
    return plan


def _fk_as_is(field) -> bool:
    """A foreign key to an integer key (its to_python is its target's)."""
    return type(field.target_field).to_python in _AS_IS


def _from_json(model, data: dict):
    """selectors._from_json's instance (the same values), each value converted by the model's plan."""
    attnames, converters = _plan(model)
    values = [data[column] if convert is None else convert(data[column]) for column, convert in converters]
    return model.from_db(connection.alias, attnames, values)


# What the page reads of an application's position, announcement, institution and last submission (its place
# whole): the draft's page showed 117 columns read, parsed and made into instances, of which it shows a
# dozen (about 0.7 M instructions). A deferred column is still read when used (one more query: the tests of
# the page's query count would show it).
_TRANSLATED = ("title", "name")
_NARROW = {
    "position": ("code", "title", "closing_state", "extended_until", "number_of_positions"),
    "position__announcement": ("reference", "title", "status", "opens_at", "closes_at", "rule_set"),
    "position__announcement__institution": ("short_name", "name", "time_zone", "country"),
}
_SUBMISSION_WIDE = ("profile_snapshot", "context_snapshot")


def _narrow_fields() -> list[str]:
    from vacancies.models import Announcement, Institution, Position

    from .models import Application, ApplicationSubmission

    fields = [f.attname for f in Application._meta.concrete_fields]
    for path, model in (
        ("position", Position),
        ("position__announcement", Announcement),
        ("position__announcement__institution", Institution),
    ):
        for name in _NARROW[path]:
            fields.append(f"{path}__{name}")
            if name in _TRANSLATED:
                fields += [f"{path}__{name}_{language}" for language in LANGS]
        fields += [f"{path}__{f.attname}" for f in model._meta.concrete_fields if f.is_relation]
    fields += [f"place__{f.attname}" for f in PositionPlace._meta.concrete_fields]
    fields += [
        f"last_submission__{f.attname}"
        for f in ApplicationSubmission._meta.concrete_fields
        if f.name not in _SUBMISSION_WIDE
    ]
    return fields


def _own_application(user_id: int, pk: int):
    from .models import Application

    return (
        Application.objects.filter(applicant_id=user_id, pk=pk)
        .select_related("position__announcement__institution", "place", "last_submission")
        .only(*_narrow_fields())
    )


def application_for_page(user, pk) -> Any:
    """selectors.get_application_for_user(user, pk, long_texts=False) for the application's page: the
    person's own application (who is not HR sees no other: the same 404) read as the columns the page
    shows, its applicant the signed-in user; HR's read as the selectors read it."""
    from django.http import Http404

    from recruitment.lib import compiled
    from recruitment.permissions import hr_institution_ids

    from .models import Application

    if not (getattr(user, "is_authenticated", False) and user.is_active) or hr_institution_ids(user):
        return selectors.get_application_for_user(user, pk, long_texts=False)
    try:
        pk = int(pk)
    except (ValueError, TypeError) as exc:
        raise Http404 from exc
    found = compiled.rows(("detail_reads:application",), _own_application, user.pk, pk)
    if not found:
        raise Http404
    app = found[0]
    Application._meta.get_field("applicant").set_cached_value(app, user)
    return app


def page_lists(application, *, library_owner_id: int | None) -> dict:
    """application_page_data's lists (the position's documents and places and the events put on the
    application, ``documents`` the attached ones), the applicant's profile with its lists
    (selectors.profile_with_lists's) and the library of ``library_owner_id`` (none for None), in one
    statement on PostgreSQL; elsewhere by the selectors."""
    app = application
    if connection.vendor != "postgresql":
        data = selectors.application_page_data(app)
        return {
            **data,
            "profile": selectors.profile_with_lists(app.applicant_id),
            "library": (
                list(
                    LibraryDocument.objects.filter(owner_id=library_owner_id).order_by("-uploaded_at", "-id")
                )
                if library_owner_id is not None
                else []
            ),
        }
    sql = _sql.get(connection.alias)
    if sql is None:
        sql = _sql[connection.alias] = _lists_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "applicant": app.applicant_id,
                "position": app.position_id,
                "application": app.pk,
                "owner": library_owner_id if library_owner_id is not None else -1,
            },
        )
        row = cursor.fetchone()
    n = len(selectors.PROFILE_LISTS)
    profile = None
    if row[0] is not None:
        profile = _from_json(ApplicantProfile, row[0])
        for name, items in zip(selectors.PROFILE_LISTS, row[1 : 1 + n], strict=True):
            relation: Any = ApplicantProfile._meta.get_field(name)
            selectors._prefetched(profile, name, [_from_json(relation.related_model, i) for i in items])
    documents, places, events, attached, library = row[1 + n :]
    position = app.position
    selectors._prefetched(position, "documents", [_from_json(RequiredDocument, d) for d in documents])
    selectors._prefetched(position, "places", [_from_json(PositionPlace, p) for p in places])
    selectors._prefetched(app, "events", [_from_json(ApplicationEvent, e) for e in events])
    return {
        "application": app,
        "documents": [Attached(*d) for d in attached],
        # Submitting sets last_submission, which nothing clears: without it there is no submission to read.
        "submissions": list(selectors.submissions_of(app)) if app.last_submission_id else [],
        "events": list(app.events.all()),
        "profile": profile,
        "library": [Kept(*d) for d in library],
    }
