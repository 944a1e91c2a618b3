"""The outbox. `notify` writes the message in the caller's transaction and schedules its delivery
after commit; `message_deliver` sends it at least once, and a copy is recognisable: each row has its own fixed
Message-ID, the attempt is claimed and committed before the SMTP conversation (status "sending" with a lease,
no row lock held while talking to the server), and marked sent after it. A worker that dies between the two
leaves the claim to expire; the sweep then sends again with the same Message-ID (one duplicate at most per
crash, which mail systems and people can recognise). A failure is retried with back-off over
OUTBOX_RETRY_DAYS, then the row is "failed", logged as an error and listed in the admin, where
`message_resend` sends it again. Nothing is dropped."""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

import redis
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.db.models.constants import OnConflict
from django.template import Context
from django.template import Template as DjangoTemplate
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_log
from recruitment.permissions import hr_institution_ids

from .models import Message, MessageStatus, NoticeRun
from .templatetags.outbox_tags import ONCE_CACHE

if TYPE_CHECKING:
    from django.contrib.auth.models import User

log = logging.getLogger(__name__)

MESSAGE_HEADER = "X-Portal-Message"

# kind -> builder(message): writes a message's attachment to the private storage when it is not there
# yet. An attachment that is slow to make (a receipt PDF) is thus made by whoever delivers the message
# (a worker), not in the request that wrote the message; the path is fixed when the message is written.
_attachment_builders: dict = {}


def register_attachment_builder(kind: str, builder) -> None:
    _attachment_builders[kind] = builder


# kind -> builder(message) -> {header: value}: extra e-mail headers made at delivery (e.g. the job alerts'
# List-Unsubscribe of RFC 8058), registered by the app that owns the kind, so notifications imports no app.
_headers_builders: dict = {}


def register_headers_builder(kind: str, builder) -> None:
    _headers_builders[kind] = builder


def publish_options() -> dict:
    """A connection to the broker that gives up after CELERY_PUBLISH_TIMEOUT seconds (default 0.05), for the
    publish a web request makes after its commit. kombu's defaults wait for ever on a Redis that accepts the
    connection and never answers (SIGSTOP, a full network buffer) and retry a refused one for ~0.5 s: a page
    would hang on the broker. Nothing is lost by giving up: the row stays pending and the sweep sends it.
    The worker and beat keep their own, patient connection (CELERY_BROKER_TRANSPORT_OPTIONS)."""
    timeout = settings.CELERY_PUBLISH_TIMEOUT
    return {
        "connect_timeout": timeout,
        "transport_options": {
            "socket_timeout": timeout,
            "socket_connect_timeout": timeout,
            "max_retries": 0,
            "connect_retries_timeout": timeout,
        },
    }


def _schedule(message_id: int) -> None:
    from .tasks import deliver_message  # cycle: notifications.tasks imports this module (message_deliver)

    try:
        _publish(
            deliver_message,
            [(message_id,)],
            failed=("Could not enqueue delivery of message %s; the sweep will deliver it.", message_id),
        )
    except Exception:  # delivered in-process (eager) and it raised: the row stays pending for the sweep
        log.warning("Could not enqueue delivery of message %s; the sweep will deliver it.", message_id)


def _publish(task, calls: list[tuple], *, failed: tuple) -> None:
    """``task`` asked for once per argument tuple of ``calls``, after the commit of the rows they name: over
    the broker connection this process keeps once the broker has just answered on it (``_answering``: it gives
    up at once, and what it sent cannot reach a thawed Redis later beside the sweep's), or in-process when
    Celery is eager (the tests, the demo without a broker; what raises there raises). A broker down, frozen
    or slow is logged (``failed``: the message and its arguments) and left to the sweep that asks again: the
    rows say what is still to do."""
    if task.app.conf.task_always_eager:
        for args in calls:
            task.apply_async(args)
        return
    try:
        with _answering(task.app) as connection:
            for args in calls:
                task.apply_async(args, connection=connection, retry=False)
    except Exception:
        log.warning(*failed)


# The broker connection over which this process (its thread) publishes after its commits. Issue 13 (the
# deadline spike): a connection opened for each publish cost a submission 2 to 5 ms of CPU of its 13 to 22
# (two sockets, kombu's channel and its PING, redis-py's handshake, the queue's declaration), and Redis and
# the kernel as much again. One kept connection is asked a PING first, on the very socket the publish then
# uses (the channel's pool gives a thread back the connection it just returned), with publish_options'
# timeouts: a Redis frozen (SIGSTOP, a full buffer) or gone fails the PING, the connection is closed and
# dropped before the task is written, so nothing of it reaches Redis when it thaws, beside the sweep's
# delivery. That is what a connection opened for the publish guaranteed (its handshake timed out first),
# at the cost of one round trip. Freezing between the answer and the publish is possible on both.
_kept = threading.local()


@contextmanager
def _answering(app):
    """A connection to ``app``'s broker that has just answered: the kept one after a PING, else a new one
    (opening it is kombu's PING), kept for the next publish when the broker is Redis; any other broker gets
    a connection for this publish only. An exception inside drops and closes the kept connection."""
    key = (os.getpid(), app.conf.broker_write_url or app.conf.broker_url, settings.CELERY_PUBLISH_TIMEOUT)
    kept = getattr(_kept, "connection", None)
    if kept is not None and _kept.key != key:
        _forget_kept(close=_kept.key[0] == key[0])  # another broker; or a fork's copy, left to its parent
        kept = None
    if kept is None:
        connection = app.connection_for_write(**publish_options())
        if connection.transport.driver_type != "redis":
            with connection:
                yield connection
            return
        _kept.connection, _kept.key, _kept.ping = connection, key, None
    try:
        channel = _kept.connection.default_channel  # a new connection opens here: kombu PINGs
        if kept is not None:
            if _kept.ping is None:
                _kept.ping = redis.Redis(connection_pool=channel.pool).ping
            _kept.ping()
        yield _kept.connection
    except BaseException:
        _forget_kept(close=True)
        raise


def _forget_kept(*, close: bool) -> None:
    connection = getattr(_kept, "connection", None)
    _kept.connection = _kept.ping = None
    if connection is not None and close:
        try:
            connection.release()
        except Exception:  # a broken connection: nothing more to do with it
            pass


def notify(
    *,
    recipient=None,
    email: str | None = None,
    kind: str,
    template: str,
    context: dict | None = None,
    language: str | None = None,
    dedupe_key: str | None = None,
    attachment_path: str = "",
    attachment_name: str = "",
) -> Message | None:
    """Write one message to the outbox, rendered in the recipient's language (the e-mail) and in every
    language of the site (what the inbox shows each reader).

    ``template`` names ``templates/notifications/<template>_subject.txt`` and ``_body.txt``.
    With a ``dedupe_key`` already used, nothing is written and None is returned.
    Must be called inside the transaction of the change it reports.
    """
    email = email or (recipient.email if recipient is not None else None)
    if not email:
        raise ValueError("A message needs an e-mail address.")
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    ctx = {"site_url": settings.SITE_URL, "recipient": recipient, **(context or {})}
    renderings = {code: _render(template, ctx, code) for code, _name in settings.LANGUAGES}
    subject, body = renderings.get(language) or _render(template, ctx, language)
    message = Message(
        recipient=recipient,
        email=email,
        language=language,
        kind=kind,
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        attachment_path=attachment_path,
        attachment_name=attachment_name,
        template=template,
        renderings=renderings,
    )
    if dedupe_key and connection.vendor == "postgresql":
        if not _insert_unless_duplicate(message):
            return None
    else:
        if dedupe_key and Message.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        try:
            with transaction.atomic():
                message.save(force_insert=True)
        except IntegrityError:
            if dedupe_key:  # a concurrent caller wrote it first
                return None
            raise
    transaction.on_commit(lambda: _schedule(message.pk))
    return message


def notify_bulk(*, kind: str, template: str, items: list[dict], batch_size: int = 1000) -> int:
    """``notify`` for many recipients of one kind and template (a publication telling every candidate): the
    same rows, written in the caller's transaction, and delivered after its commit. Each item is a dict of
    ``recipient``, ``email`` (else the recipient's), ``language``, ``context``, ``dedupe_key`` (and optionally
    ``attachment_path``/``attachment_name``). Cheaper per message than ``notify``: the texts are rendered one
    language at a time (one switch of language and one site name per language, not per message), the rows are
    inserted by one statement per ``batch_size`` (a used dedupe key skipped by the database, as ``notify``
    does), and the deliveries are published over one broker connection (what cannot be published, the sweep
    sends). Returns the number of messages written; safe to call again (the dedupe keys)."""
    # Keys used already (an earlier run) are left out before anything is rendered; a key used concurrently in
    # between is still skipped by the database (PostgreSQL) below.
    keys = [item["dedupe_key"] for item in items if item.get("dedupe_key")]
    if keys:
        used = set(Message.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
        items = [item for item in items if not item.get("dedupe_key") or item["dedupe_key"] not in used]
    if not items:
        return 0
    contexts = [{"recipient": item.get("recipient"), **(item.get("context") or {})} for item in items]
    renderings: list[dict] = [{} for _ in items]
    subject_t = _compiled(f"notifications/{template}_subject.txt")  # compiled once
    body_t = _compiled(f"notifications/{template}_body.txt")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            # One context per language for every item (each item's values pushed on it in turn), with the
            # cache of the templates' {% once %} parts: what every recipient shares is rendered once here.
            shared = Context(
                {"site_url": settings.SITE_URL, "site_name": site_name(), ONCE_CACHE: {}}, autoescape=False
            )
            for ctx, out in zip(contexts, renderings, strict=True):
                with shared.push(ctx):
                    subject = " ".join(subject_t.render(shared).split())
                    out[code] = [subject[:255], body_t.render(shared).strip()]
    messages = []
    for item, ctx, rendered in zip(items, contexts, renderings, strict=True):
        email = item.get("email") or getattr(item.get("recipient"), "email", None)
        if not email:
            raise ValueError("A message needs an e-mail address.")
        language = item.get("language") or settings.LANGUAGE_CODE
        subject, body = rendered.get(language) or _render(template, ctx, language)
        messages.append(
            Message(
                recipient=item.get("recipient"),
                email=email,
                language=language,
                kind=kind,
                subject=subject,
                body=body,
                dedupe_key=item.get("dedupe_key"),
                attachment_path=item.get("attachment_path", ""),
                attachment_name=item.get("attachment_name", ""),
                template=template,
                renderings=rendered,
            )
        )
    written = []
    for start in range(0, len(messages), batch_size):
        batch = messages[start : start + batch_size]
        if connection.vendor == "postgresql":
            written += _copy_insert_unless_duplicate(batch)
        else:
            written += [m.pk for m in Message.objects.bulk_create(batch)]
    if written:
        transaction.on_commit(lambda: _schedule_many(written))
    return len(written)


def _copy_insert_unless_duplicate(batch: list[Message]) -> list[int]:
    """Insert many messages, a used dedupe key skipped (as _insert_unless_duplicate does for one): the rows
    are streamed by COPY into a temporary table of the transaction, then moved by one DELETE ... RETURNING
    into INSERT ... ON CONFLICT DO NOTHING RETURNING id. Issue 13: Django's bulk insert passes each column as
    an array, which psycopg quotes value by value in Python (a fifth of the time of 10,000 notices); COPY's
    rows are written by psycopg's C code. Returns the new rows' ids."""
    opts = Message._meta
    fields = [f for f in opts.concrete_fields if f is not opts.auto_field]
    table = connection.ops.quote_name(opts.db_table)
    qn = connection.ops.quote_name
    columns = ", ".join(qn(cast(str, f.column)) for f in fields)  # concrete fields: each has its column
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS outbox_load ON COMMIT DROP AS SELECT {columns} FROM "
            f"{table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY outbox_load ({columns}) FROM STDIN") as copy:
            for message in batch:
                copy.write_row([f.get_db_prep_save(f.pre_save(message, True), connection) for f in fields])
        cursor.execute(  # moved, not copied: the temporary table is empty again for the next batch
            f"WITH moved AS (DELETE FROM outbox_load RETURNING {columns}) INSERT INTO {table} ({columns}) "
            f"SELECT {columns} FROM moved ON CONFLICT DO NOTHING RETURNING {qn(cast(str, opts.pk.column))}"
        )
        return [row[0] for row in cursor.fetchall()]


def _schedule_many(message_ids: list[int]) -> None:
    """Publish the deliveries of many messages over one broker connection, OUTBOX_DELIVERY_CHUNK messages a
    task (issue 13: one publish per message cost 3.2 s of CPU for 10,000, as much as writing them); a failure
    leaves the rest to the sweep (the rows are pending)."""
    from .tasks import deliver_messages  # cycle: notifications.tasks imports this module (message_deliver)

    size = settings.OUTBOX_DELIVERY_CHUNK
    _publish(
        deliver_messages,
        [(message_ids[start : start + size],) for start in range(0, len(message_ids), size)],
        failed=(
            "Could not enqueue the delivery of %s messages; the sweep will deliver them.",
            len(message_ids),
        ),
    )


# --- Mass notices (issue 13): written by a task after the commit, with their progress ---------------------

# source -> builder(args) -> the run's notices, in a fixed order: notify_bulk's items, each with its "kind"
# and "template" too. Registered by the app that owns the notices (its AppConfig.ready), so notifications
# imports no app. A builder reads what the committed change fixed (a published list, the ids kept in
# ``args``), so every run of it gives the same notices.
_notice_sources: dict[str, Callable[[dict], list[dict]]] = {}


def register_notice_source(name: str, builder: Callable[[dict], list[dict]]) -> None:
    _notice_sources[name] = builder


def notice_run_start(
    *, key: str, source: str, args: dict, total: int, now: dt.datetime | None = None
) -> NoticeRun:
    """In the transaction of the change the notices report: ``total`` notices are to be written by a task
    asked for after the commit (``source``'s builder, called with ``args``, makes them). The same ``key``
    again returns the run already started and asks for nothing."""
    now = now or timezone.now()
    run, created = NoticeRun.objects.get_or_create(
        key=key,
        defaults={
            "source": source,
            "args": args,
            "total": total,
            "created_at": now,
            "progress_at": now,
            "done_at": now if total == 0 else None,
        },
    )
    if created and total:
        run_id = run.pk
        transaction.on_commit(lambda: notice_run_enqueue(run_id))
    return run


def notice_runs_retire(*, keys: list[str], now: dt.datetime | None = None) -> int:
    """In the transaction of a change that makes these runs' notices outdated (a correction of the results
    that tells everyone again, R-9.3): the runs not done are closed where they stand (``written`` stays what
    was written). Their task stops at its next batch (it checks the run under its lock) and the sweep asks
    for them no more. Returns how many were."""
    now = now or timezone.now()
    return NoticeRun.objects.filter(key__in=keys, done_at__isnull=True).update(done_at=now, progress_at=now)


def notice_run_progress(key: str) -> NoticeRun | None:
    """What HR's page shows: the run of ``key`` (its written, total and done_at), or None."""
    return NoticeRun.objects.filter(key=key).first()


def notice_run_enqueue(run_id: int) -> None:
    """Ask a worker for a run's notices; a broker that is down or slow does not hold HR's page (the outbox's
    sweep asks again: notice_runs_resume)."""
    from .tasks import write_notice_run  # cycle: notifications.tasks imports this module

    _publish(
        write_notice_run,
        [(run_id,)],
        failed=("Could not enqueue the notices of run %s; the outbox's sweep will.", run_id),
    )


def notice_run_write(*, run_id: int, batch_size: int | None = None) -> int:
    """The task's body: write the run's notices not written yet, a batch per transaction (the messages, then
    the count beside them, under the run's row lock). Returns how many this call wrote; a run done already
    (another worker, a redelivery) writes nothing, and a notice whose dedupe key is used is skipped before it
    is rendered."""
    batch_size = batch_size or settings.MASS_NOTICES_BATCH
    run = NoticeRun.objects.filter(pk=run_id, done_at__isnull=True).first()
    if run is None:
        return 0
    items = _notice_sources[run.source](run.args)
    written = 0
    for start in range(0, len(items), batch_size):
        with transaction.atomic():
            current = NoticeRun.objects.select_for_update().filter(pk=run_id, done_at__isnull=True)
            if not current.exists():
                return written  # another worker finished it meanwhile
            # One notify_bulk per kind and template of the batch (a call's {% once %} parts are rendered once;
            # a call per run of alternating kinds cost a query, a COPY and the shared parts each).
            groups: dict[tuple[str, str], list[dict]] = {}
            for item in items[start : start + batch_size]:
                groups.setdefault((item["kind"], item["template"]), []).append(item)
            count = sum(
                notify_bulk(kind=kind, template=template, items=group)
                for (kind, template), group in groups.items()
            )
            if count:
                current.update(written=F("written") + count, progress_at=timezone.now())
            written += count
    now = timezone.now()
    NoticeRun.objects.filter(pk=run_id, done_at__isnull=True).update(done_at=now, progress_at=now)
    return written


def notice_runs_resume(*, now: dt.datetime | None = None) -> int:
    """The safety net (the outbox's sweep calls it): a run that has not progressed for
    MASS_NOTICES_STALL_SECONDS (its worker died and the broker has not redelivered the task yet, or it was
    never enqueued because the broker was down) is asked for again. Returns how many were."""
    now = now or timezone.now()
    stalled = NoticeRun.objects.filter(
        done_at__isnull=True,
        progress_at__lt=now - dt.timedelta(seconds=settings.MASS_NOTICES_STALL_SECONDS),
    ).values_list("pk", flat=True)
    count = 0
    for run_id in stalled:
        notice_run_enqueue(run_id)
        count += 1
    return count


def site_name() -> str:
    """The portal's name in e-mails: the SITE_NAME setting, else "Recruitment portal" in the active
    language."""
    return settings.SITE_NAME or str(_("Recruitment portal"))


def _compiled(name: str) -> DjangoTemplate:
    """The Django template behind the loader's backend wrapper (rendered with a Context of our own)."""
    return cast(Any, get_template(name)).template


def _render_text(name: str, context: dict) -> str:
    """A plain-text message: rendered without HTML escaping, so a reader sees ">= 70" and "D'Amico", not
    "&gt;= 70" and "D&#x27;Amico" (R-25.4: the notice must say the threshold as it is). Nothing here is ever
    shown as HTML; the demo mailbox escapes the body when it shows it."""
    return _compiled(name).render(Context(context, autoescape=False))


def _render(template: str, context: dict, language: str) -> list[str]:
    """[subject, body] of ``templates/notifications/<template>_*.txt`` in ``language``."""
    with translation.override(language):
        ctx = {"site_name": site_name(), **context}
        subject = " ".join(_render_text(f"notifications/{template}_subject.txt", ctx).split())
        body = _render_text(f"notifications/{template}_body.txt", ctx).strip()
    return [subject[:255], body]


def _insert_unless_duplicate(message: Message) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: one round trip instead of a dedupe check, a savepoint,
    the insert and the savepoint's release. Exactly once all the same: the unique dedupe_key decides, and
    PostgreSQL makes a concurrent insert of the same key wait for the first one's transaction (then skip
    it if that committed). No error is raised, so the caller's transaction needs no savepoint.
    Returns False (and leaves message.pk None) when the key was already used."""
    opts = Message._meta
    fields = [f for f in opts.concrete_fields if f is not opts.auto_field]
    # QuerySet._insert is what bulk_create(ignore_conflicts=True) runs, but asked to return the new id.
    rows = Message.objects._insert(  # type: ignore[attr-defined]  # private (QuerySet._insert), not in the stubs
        [message], fields=fields, returning_fields=[opts.pk], on_conflict=OnConflict.IGNORE
    )
    if not rows or rows[0] is None:
        return False
    message.pk = rows[0][0]
    message._state.adding = False
    message._state.db = connection.alias
    return True


def _claim(message_id: int, now) -> Message | None:
    """Claim a message for one attempt, in a short transaction of its own: pending and due, or sending with an
    expired lease (its worker died). The attempt is counted here, before anything is sent."""
    due = Q(status=MessageStatus.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    abandoned = Q(status=MessageStatus.SENDING, lease_until__lt=now)
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True).filter(due | abandoned, pk=message_id).first()
        )
        if message is None:
            return None
        message.status = MessageStatus.SENDING
        message.attempts += 1
        message.lease_until = now + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        message.save(update_fields=["status", "attempts", "lease_until"])
    return message


def _email(message: Message) -> EmailMessage:
    # The header lets the demo mailbox (DatabaseEmailBackend) show the message in its reader's language.
    mail = EmailMessage(
        message.subject,
        message.body,
        settings.DEFAULT_FROM_EMAIL,
        [message.email],
        headers={MESSAGE_HEADER: str(message.pk), "Message-ID": message.message_id},
    )
    headers_builder = _headers_builders.get(message.kind)
    if headers_builder is not None:
        mail.extra_headers.update(headers_builder(message))
    if message.attachment_path:
        builder = _attachment_builders.get(message.kind)
        if builder is not None and not storages["private"].exists(message.attachment_path):
            builder(message)
        with storages["private"].open(message.attachment_path, "rb") as fh:
            mail.attach(message.attachment_name or "attachment", fh.read(), _guess_type(message))
    return mail


def retry_delay(attempts: int) -> dt.timedelta:
    """Back-off after the ``attempts``-th failed attempt: OUTBOX_BACKOFF_SECONDS, doubling, at most
    OUTBOX_BACKOFF_MAX_SECONDS."""
    seconds = settings.OUTBOX_BACKOFF_SECONDS * 2 ** min(max(attempts - 1, 0), 20)
    return dt.timedelta(seconds=min(seconds, settings.OUTBOX_BACKOFF_MAX_SECONDS))


def message_deliver(*, message_id: int) -> bool:
    """Send one message by e-mail; the in-site inbox shows it from then on.

    Returns True when this call sent it. Safe to run twice or concurrently: only the call that claims the
    row sends (a second worker finds it claimed, or sent, and returns False).
    """
    message = _claim(message_id, timezone.now())
    if message is None:
        return False
    claimed = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING, attempts=message.attempts)
    try:
        _email(message).send(
            fail_silently=False
        )  # outside any transaction: no row lock while the server talks
    except Exception as exc:  # this attempt failed: retry later with back-off, until the retry period is over
        now = timezone.now()
        error = f"{exc.__class__.__name__}: {exc}"[:2000]
        next_attempt = now + retry_delay(message.attempts)
        since = message.retry_since or message.created_at
        gave_up = next_attempt > since + dt.timedelta(days=settings.OUTBOX_RETRY_DAYS)
        claimed.update(
            status=MessageStatus.FAILED if gave_up else MessageStatus.PENDING,
            last_error=error,
            next_attempt_at=None if gave_up else next_attempt,
            lease_until=None,
        )
        if gave_up:
            log.error(
                "Message %s to %s was not delivered in %s days (%s attempts): %s. It is listed as failed in "
                "the admin, which can send it again.",
                message.pk,
                message.kind,
                settings.OUTBOX_RETRY_DAYS,
                message.attempts,
                error,
            )
        else:
            log.warning(
                "Delivery of message %s failed (attempt %s), next at %s: %s",
                message.pk,
                message.attempts,
                next_attempt.isoformat(),
                error,
            )
        return False
    claimed.update(
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        lease_until=None,
        next_attempt_at=None,
        last_error="",
    )
    return True


# The messages HR follows up: those to people who applied to a position of HR's institution (a receipt or a
# decision that could not be delivered is HR's to tell by other means). A lookup by name: notifications
# imports no app above it.
HR_SCOPE = "recipient__applications__position__announcement__institution_id__in"


def messages_visible_to(user):
    """The operator (superuser, or the notifications permission) sees every message; HR those of its
    applicants."""

    if user.is_superuser or user.has_perm("notifications.view_message"):
        return Message.objects.all()
    ids = hr_institution_ids(user)
    if not ids:
        return Message.objects.none()
    return Message.objects.filter(pk__in=Message.objects.filter(**{HR_SCOPE: ids}).values("pk"))


def may_resend(actor: User, message: Message) -> bool:
    if getattr(actor, "is_superuser", False) or actor.has_perm("notifications.change_message"):
        return True
    return messages_visible_to(actor).filter(pk=message.pk).exists()


def message_resend(*, message: Message, actor) -> bool:
    """Put a failed message back in the outbox for a new retry period (the admin's action), with an audit
    event. Returns False when the message is not failed (already re-sent, or sent)."""

    if not may_resend(actor, message):
        raise PermissionDenied
    with transaction.atomic():
        row = Message.objects.select_for_update().filter(pk=message.pk, status=MessageStatus.FAILED).first()
        if row is None:
            return False
        now = timezone.now()
        Message.objects.filter(pk=row.pk).update(
            status=MessageStatus.PENDING, next_attempt_at=None, lease_until=None, retry_since=now
        )
        audit_log(
            actor=actor,
            action="message.resend",
            obj=row,
            data={"kind": row.kind, "attempts": row.attempts, "last_error": row.last_error[:200]},
        )
        transaction.on_commit(lambda: _schedule(row.pk))
    return True


def _guess_type(message: Message) -> str:
    return (
        "application/pdf" if message.attachment_name.lower().endswith(".pdf") else "application/octet-stream"
    )


def outbox_sweep(*, older_than_seconds: int = 30, limit: int = 500) -> int:
    """Deliver what is still due: pending (the broker was down, a publish failed, a retry's time came) or
    claimed by a worker whose lease expired (it died mid-send). Returns how many were sent."""
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=older_than_seconds)
    pending = (
        Message.objects.filter(status=MessageStatus.PENDING, created_at__lte=cutoff)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    abandoned = (
        Message.objects.filter(status=MessageStatus.SENDING, lease_until__lt=now)
        .order_by("lease_until")
        .values_list("pk", flat=True)[:limit]
    )
    ids = list(abandoned) + list(pending)
    return sum(1 for pk in ids if message_deliver(message_id=pk))
