"""The shared pieces of the application services: the refusal, the row locks, the checks of the actor, the
deadline and the status, the move of the status, the history event and the message to the applicant.

Every state change of a profile and an application Each one checks the actor, locks what it changes,
applies the rule, writes the history, the outbox message and the audit event in one transaction.

Locks, always in this order (so two services never wait for each other in a circle):
1. the announcement row, FOR SHARE: every submission reads the deadline under it, many at once; HR's
   changes to the deadline (vacancies.services, FOR UPDATE) wait until the submissions in flight have
   committed, and the submissions that come after read the new deadline. FOR UPDATE here would make
   every applicant of the announcement queue behind each other in the last minutes before closing.
2. the position row, FOR SHARE: its effective deadline (``Position.deadline``: the extension of R-12.2,
   else the announcement's) is read under it. The closing decision (vacancies.closing, FOR NO KEY UPDATE on
   the announcement, then the position) waits for the changes in flight, which are therefore counted;
   a change that comes after reads the extension, or finds the position closed.
3. the application row, FOR UPDATE: one change of one application at a time (a double click, or 50
   concurrent submits of the same person, leave one submission).
The audit event is written last: audit_log takes the chain's lock, which is held until commit.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.models import Message
from notifications.services import notify
from recruitment.lib.transitions import mover
from recruitment.permissions import NotAllowed
from vacancies.models import Announcement, Institution, Position

from .. import rules, selectors
from ..choices import APPLICATION_TRANSITIONS
from ..events import application_event_record
from ..models import ApplicantProfile, Application, ApplicationEvent, ApplicationStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

if TYPE_CHECKING:
    pass


class ApplicationError(ValidationError):
    """A change refused for a reason the person can act on; its messages are shown on the page."""


# --- Locks and small helpers -------------------------------------------------------------------------


# What the deadline check reads of the two rows. The changes that need no more of them (an upload, a place, a
# removal, reopening) lock just these columns: the translated models are wide, and the deadline spike is
# made of such requests (bench/apply_spike.py). A submission reads the whole rows for its frozen copy.
_DEADLINE_FIELDS = {
    Announcement: ("id", "institution_id", "status", "opens_at", "closes_at"),
    Position: ("id", "announcement_id", "closing_state", "extended_until"),
}


# (model, light, lock) -> (SQL, the attnames of its columns): the SELECT ... FOR SHARE / FOR UPDATE of one
# row, compiled once (it differs only in the primary key). Issue 13: the ORM's compiling and RawQuerySet's
# mapping of columns took longer than the round trips of these three reads, which every change of an
# application makes (bench/spike_cpu.py); the rows are built by Model.from_db, as the ORM builds them.
_row_sql: dict = {}


def _row_locked(model: type[Any], pk: int, *, light: bool, lock: str) -> Any:
    """The row ``pk`` of ``model`` (``light``: only _DEADLINE_FIELDS), read with ``lock`` ("FOR SHARE" or
    "FOR UPDATE"); DoesNotExist when there is none."""
    cached = _row_sql.get((model, light, lock))
    if cached is None:
        cached = _compile_row_sql(model, pk, light=light, lock=lock)
        if cached is None:  # not the expected shape (another database, a column that needs converting)
            qs = _row_query(model, pk, light=light)
            if lock == "FOR SHARE" and connection.vendor == "postgresql":
                sql, params = qs.query.sql_with_params()
                return model.objects.raw(f"{sql} FOR SHARE", params)[0]
            return qs.select_for_update().get()
        _row_sql[(model, light, lock)] = cached
    sql, attnames = cached
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist(f"{model._meta.object_name} {pk} does not exist.")
    return model.from_db(connection.alias, attnames, row)


def _compile_row_sql(model: type[Any], pk: int, *, light: bool, lock: str) -> tuple[str, list[str]] | None:
    if connection.vendor != "postgresql":
        return None
    compiler = _row_query(model, pk, light=light).query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    columns = [col for col, _sql, _alias in compiler.select]
    concrete = [f.attname for f in model._meta.concrete_fields]
    attnames = [getattr(col, "target", None) and col.target.attname for col in columns]
    if (
        list(params) != [pk]
        or compiler.get_converters(columns)
        or any(getattr(col, "alias", None) != model._meta.db_table for col in columns)
        or attnames != [name for name in concrete if name in attnames]  # from_db wants the model's order
    ):
        return None
    return f"{sql} {lock}", attnames


def _row_for_share(model: type[Announcement] | type[Position], pk: int, *, light: bool) -> Any:
    return _row_locked(model, pk, light=light, lock="FOR SHARE")


def _row_query(model: type[Any], pk: int, *, light: bool) -> QuerySet:
    # No ORDER BY: the models' default ordering would join the position to its announcement (and FOR SHARE
    # would lock that row again) for a query that returns one row.
    qs = model.objects.filter(pk=pk).order_by()
    return qs.only(*_DEADLINE_FIELDS[model]) if light else qs


def _announcement_locked(announcement_id: int, *, light: bool = False) -> Announcement:
    return _row_for_share(Announcement, announcement_id, light=light)


def _position_locked(position_id: int, *, light: bool = False) -> Position:
    """The position row FOR SHARE (after the announcement's): the deadline it holds can't change until
    commit."""
    return _row_for_share(Position, position_id, light=light)


def _application_locked(application_id: int) -> Application:
    # The row alone, no joins: a SELECT ... FOR UPDATE that waited for the lock returns the locked row's
    # new version but any rows it joins as they were before the wait (PostgreSQL, READ COMMITTED), so a
    # joined last_submission written by the transaction we waited for would look empty. Related rows
    # are read afterwards, when needed.
    return _row_locked(Application, application_id, light=False, lock="FOR UPDATE")


def _locked_for_change(
    application: Application, *, light: bool = True, touched_at: dt.datetime | None = None
) -> tuple[Announcement, Position, Application]:
    """The three rows a change of one application reads, locked in the order of this module's docstring:
    announcement and position FOR SHARE (``light``: only the deadline's columns, for the changes that need no
    more of them), then the application FOR UPDATE; with ``touched_at``, the application row is locked by
    setting its ``updated_at`` to it (_application_touched), for a change that would save it anyway."""
    announcement, position = _deadline_rows_locked(application, light=light)
    if touched_at is not None:
        return announcement, position, _application_touched(application.pk, touched_at)
    return announcement, position, _application_locked(application.pk)


# light -> (SQL, the attnames of the announcement's, the position's and (not light) the institution's columns)
# of _deadline_rows_locked, or None: two reads.
_pair_sql: dict = {}


def _deadline_rows_locked(application: Application, *, light: bool) -> tuple[Announcement, Position]:
    """The application's announcement and position, FOR SHARE, in one statement (issue 13: every change of
    an application made two round trips for them): the two rows joined, locked in the order of this module's
    docstring (PostgreSQL locks a join's rows in the order of its locking clause, announcement first); not
    ``light``, the whole rows and the announcement's institution with them, not locked (a submission reads
    its code, time zone and country). Elsewhere, or when the rows are not the plain columns _row_locked
    reads, or none is found, the two reads, which say which row is missing."""
    if light not in _pair_sql:
        _pair_sql[light] = _compile_pair_sql(light=light)
    compiled = _pair_sql[light]
    if compiled is not None:
        sql, *attnames = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, [application.position_id])
            row = cursor.fetchone()
        if row is not None:
            built: list[Any] = []
            start = 0
            for model, names in zip((Announcement, Position, Institution), attnames, strict=False):
                built.append(model.from_db(connection.alias, names, row[start : start + len(names)]))
                start += len(names)
            if len(built) == 3:
                Announcement._meta.get_field("institution").set_cached_value(built[0], built[2])
            return built[0], built[1]
    return (
        _announcement_locked(_announcement_id(application), light=light),
        _position_locked(application.position_id, light=light),
    )


def _compile_pair_sql(*, light: bool) -> tuple | None:
    models = (Announcement, Position) if light else (Announcement, Position, Institution)
    compiled = [_compile_row_sql(model, 0, light=light, lock="FOR SHARE") for model in models]
    if any(c is None for c in compiled):
        return None
    attnames = [c[1] for c in compiled if c is not None]
    qn = connection.ops.quote_name
    metas: list[Any] = [model._meta for model in models]  # get_field(...).column: optional for django-stubs
    selected = []
    for meta, alias, names in zip(metas, "api", attnames, strict=False):
        by_attname = {f.attname: f.column for f in meta.concrete_fields}
        selected += [f"{alias}.{qn(by_attname[name])}" for name in names]
    a_meta, p_meta = metas[0], metas[1]
    sql = (
        f"SELECT {', '.join(selected)} FROM {qn(a_meta.db_table)} a INNER JOIN {qn(p_meta.db_table)} p "
        f"ON p.{qn(p_meta.get_field('announcement').column)} = a.{qn(a_meta.pk.column)} "
    )
    if not light:
        i_meta = metas[2]
        sql += (
            f"INNER JOIN {qn(i_meta.db_table)} i "
            f"ON i.{qn(i_meta.pk.column)} = a.{qn(a_meta.get_field('institution').column)} "
        )
    sql += f"WHERE p.{qn(p_meta.pk.column)} = %s FOR SHARE OF a, p"
    return (sql, *attnames)


# The UPDATE ... RETURNING of _application_touched, compiled once (None: use the ORM).
_touch_sql: list = []


def _application_touched(application_id: int, at: dt.datetime) -> Application:
    """The application row, its ``updated_at`` set to ``at``, in one statement: ``UPDATE ... RETURNING``
    the columns _application_locked reads (issue 13: an upload read the row FOR UPDATE and wrote updated_at
    at its end, two round trips and an ORM save). The UPDATE locks the row as FOR UPDATE does against every
    other change of the application (they take FOR UPDATE; an UPDATE of no key column takes FOR NO KEY
    UPDATE, which conflicts with it) and, after waiting, returns the row as the other change committed it.
    A refusal after it rolls the new ``updated_at`` back with the rest of the transaction."""
    if not _touch_sql:
        _touch_sql.append(_compile_touch_sql())
    compiled = _touch_sql[0]
    if compiled is None:
        app = _application_locked(application_id)
        app.updated_at = at
        app.save(update_fields=["updated_at"])
        return app
    sql, attnames = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, [at, application_id])
        row = cursor.fetchone()
    if row is None:
        raise Application.DoesNotExist(f"Application {application_id} does not exist.")
    return Application.from_db(connection.alias, attnames, row)


def _compile_touch_sql() -> tuple[str, list[str]] | None:
    # The columns, their order and the absence of converters as _row_locked checks them for its SELECT.
    select = _compile_row_sql(Application, 0, light=False, lock="FOR UPDATE")
    if select is None:
        return None
    _sql, attnames = select
    qn = connection.ops.quote_name
    meta: Any = Application._meta  # get_field(...).column: django-stubs types it as optional
    columns = {f.attname: f.column for f in meta.concrete_fields}
    returning = ", ".join(qn(columns[name]) for name in attnames)
    return (
        f"UPDATE {qn(meta.db_table)} SET {qn(meta.get_field('updated_at').column)} = %s "
        f"WHERE {qn(meta.pk.column)} = %s RETURNING {returning}",
        attnames,
    )


def _announcement_id(application: Application) -> int:
    if Application.position.is_cached(application):
        return application.position.announcement_id
    announcement_pk = getattr(application, "announcement_pk", None)  # get_application_for_user(related=False)
    if announcement_pk:
        return announcement_pk
    return Position.objects.filter(pk=application.position_id).values_list("announcement_id", flat=True).get()


def _require_can_act(application: Application, actor: "User") -> None:
    if not selectors.may_act_on(application, actor):
        raise NotAllowed(_("You may not change this application."))


def _require_open(announcement: Announcement, position: Position, now: dt.datetime) -> None:
    # The position's effective deadline: the extended one when it has one, else the announcement's.
    position.announcement = announcement
    deadline = position.deadline
    if position.closing_state == "closed" or not rules.accepting_applications(
        now=now, status=announcement.status, opens_at=announcement.opens_at, closes_at=deadline
    ):
        if now >= deadline or position.closing_state == "closed":
            raise ApplicationError(
                _(
                    "The deadline for this announcement has passed: applications are no longer "
                    "accepted (R-9.2.2)."
                )
            )
        raise ApplicationError(_("This announcement is not accepting applications."))


def _require_status(application: Application, *allowed: str) -> None:
    if application.status not in allowed:
        raise ApplicationError(
            _("This cannot be done to an application that is “%(status)s”.")
            % {"status": ApplicationStatus(application.status).label}
        )


_move = mover(
    APPLICATION_TRANSITIONS,
    ApplicationStatus,
    ApplicationError,
    gettext_lazy("An application cannot go from “%(current)s” to “%(target)s”."),
)


def _event(application: Application, kind: str, actor: "User", now: dt.datetime, **data) -> ApplicationEvent:
    return application_event_record(application=application, kind=kind, actor=actor, at=now, data=data)


def _tell_candidate(profile: ApplicantProfile, actor: "User", what: str) -> None:
    """R-12.1: the person is told each time HR acts in their name (profile, documents, submission)."""
    if profile.user_id == getattr(actor, "pk", None):
        return
    app = (
        Application.objects.filter(applicant_id=profile.user_id, assisted=True)
        .select_related("position__announcement__institution", "applicant")
        .first()
    )
    if app is not None:
        _tell_candidate_of(app, actor, what, profile=profile)


def _tell_candidate_of(app: Application, actor: "User", what: str, *, profile=None) -> None:
    if not app.assisted or app.applicant_id == getattr(actor, "pk", None):
        return
    _notify_applicant(
        app,
        kind="application.assisted_action",
        template="assisted_action",
        dedupe_key=None,
        profile=profile,
        what=what,
    )


def _notify_applicant(
    app: Application,
    *,
    kind: str,
    template: str,
    dedupe_key: str | None,
    position=None,
    announcement=None,
    profile=None,
    recipient=None,
    attachment_path="",
    attachment_name="",
    **context: Any,
) -> Message | None:
    """Write the message to the applicant (in their language) in the current transaction. The objects
    the caller already holds are passed in, so no query fetches them again."""
    recipient = recipient or app.applicant
    if profile is None:
        profile = ApplicantProfile.objects.filter(user_id=app.applicant_id).only("email").first()
    email = (profile.email if profile and profile.email else "") or recipient.email
    if not email:
        return None  # a candidate without e-mail gets the receipt on paper from HR
    position = position or app.position
    announcement = announcement or position.announcement
    return notify(
        recipient=recipient,
        email=email,
        kind=kind,
        template=template,
        language=app.language,
        dedupe_key=dedupe_key,
        attachment_path=attachment_path,
        attachment_name=attachment_name,
        context={
            "application": app,
            "position": position,
            "announcement": announcement,
            "institution": announcement.institution,
            **context,
        },
    )
