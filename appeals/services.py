"""Every change of an appeal (R-32, R-40): recorded, its scans attached, KPMSHCK's decision and what it
re-opens.

Each service checks the actor, locks what it changes, applies the rule, and writes the audit event and the
outbox message in one transaction. What a decision re-opens is done by the owning app's published service
(winners.services.winner_reinstate, post_release; probation's annulment of a termination), called inside the
same transaction, so that the decision and its effect commit together or not at all; the history of the
winners list and of the probation stays with them (nothing is deleted or rewritten here).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import documents
from applications.models import Application
from audit.services import audit_log, text_digest
from notifications.services import notify
from recruitment.permissions import hr_users, require_hr_of
from winners import services as winners_services
from winners.models import Winner

from . import probation_link, rules, selectors
from .choices import AppealKind, AppealState, Decision, Effect, PostHold
from .models import Appeal

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)


class AppealError(ValidationError):
    """A refusal with the reason(s) for the person (shown on the form)."""


def _messages(problems, table=rules.PROBLEMS) -> list[str]:
    out = []
    for item in problems:
        code, params = item if isinstance(item, tuple) else (item, {})
        params = {k: (v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else v) for k, v in params.items()}
        out.append(str(table[code]) % params if params else str(table[code]))
    return out


def _today(now: dt.datetime, institution) -> dt.date:
    return timezone.localdate(now, institution.tzinfo)


def _store_scan(upload):
    """Check (type by content, size, no active content) and store one upload privately; (path, checked) or
    None."""
    if upload is None:
        return None, None
    try:
        checked = documents.inspect_upload(upload)
    except documents.DocumentRefused as exc:
        raise AppealError(str(exc)) from exc
    return documents.store(upload, checked), checked


def _with_scan(upload, record, **kwargs):
    """Store the upload first (the slow part), then ``record(path=, checked=, **kwargs)`` in its own
    transaction; if that refuses, the file written is deleted again: nothing is half-saved."""
    path, checked = _store_scan(upload)
    try:
        return record(path=path, checked=checked, **kwargs)
    except BaseException:
        if path:
            documents.delete_quietly(path)
        raise


def _locked_application(application_id: int) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("position__announcement__institution", "applicant")
        .get(pk=application_id)
    )


def _notify_appellant(
    appeal: Appeal, *, template: str, kind: str, dedupe: str, context: dict | None = None
) -> None:
    application = appeal.application
    notify(
        recipient=appeal.appellant,
        kind=kind,
        template=template,
        language=application.language,
        dedupe_key=f"appeal:{appeal.pk}:{dedupe}",
        context={
            "appeal": appeal,
            "application": application,
            "position": application.position,
            "institution": appeal.institution,
            **(context or {}),
        },
    )


def _notify_hr(appeal: Appeal, *, template: str, kind: str, dedupe: str) -> None:
    for user in hr_users(appeal.institution_id):
        notify(
            recipient=user,
            kind=kind,
            template=template,
            dedupe_key=f"appeal:{appeal.pk}:{dedupe}:{user.pk}",
            context={
                "appeal": appeal,
                "position": appeal.application.position,
                "institution": appeal.institution,
            },
        )


def _appeal_create(
    *,
    actor: User,
    action: str,
    article: str,
    about: dict,
    grounds: str,
    path,
    checked,
    now: dt.datetime,
    **fields,
) -> Appeal:
    """Create the appeal recorded by ``actor`` with its grounds and scan, write the audit event (``about``
    names what it is against) and tell the appellant that it is on record; inside the caller's transaction."""
    appeal = Appeal.objects.create(
        **fields,
        recorded_by=actor,
        recorded_at=now,
        grounds=grounds,
        scan_path=path or "",
        scan_sha256=checked.sha256 if checked else "",
        scan_content_type=checked.content_type if checked else "",
    )
    audit_log(
        actor=actor,
        action=action,
        obj=appeal,
        data={
            **about,
            "filed_on": appeal.filed_on,
            "last_day": appeal.last_day,
            "grounds_sha256": text_digest(grounds),
            "scan_sha256": appeal.scan_sha256,
            "article": article,
        },
    )
    _notify_appellant(appeal, template="appeal_recorded", kind="appeals.recorded", dedupe="recorded")
    return appeal


# --- an appeal against the final results --------------------------------------------------------------


def appeal_results_lodge(
    *, actor: User, application: Application, grounds: str, upload=None, now: dt.datetime | None = None
) -> Appeal:
    """The candidate lodges an appeal against the final results in the portal (R-32), dated today; HR is
    told."""
    if application.applicant_id != getattr(actor, "pk", None):
        raise Http404  # someone else's application: nothing to see
    return _results_with_scan(
        actor=actor,
        application=application,
        filed_on=None,
        grounds=grounds,
        upload=upload,
        in_portal=True,
        now=now,
    )


def appeal_results_record(
    *,
    actor: User,
    application: Application,
    filed_on: dt.date,
    grounds: str,
    upload,
    now: dt.datetime | None = None,
) -> Appeal:
    """HR records an appeal against the final results received on paper (R-32), with its scan; the candidate
    is told that it is on record."""
    require_hr_of(actor, application.position.announcement.institution_id)
    if upload is None:
        raise AppealError(_("Attach the scan of the appeal received on paper."))
    return _results_with_scan(
        actor=actor,
        application=application,
        filed_on=filed_on,
        grounds=grounds,
        upload=upload,
        in_portal=False,
        now=now,
    )


def _results_with_scan(*, actor, application, filed_on, grounds, upload, in_portal, now) -> Appeal:
    return _with_scan(
        upload,
        _results_record,
        actor=actor,
        application_id=application.pk,
        filed_on=filed_on,
        grounds=grounds,
        in_portal=in_portal,
        now=now,
    )


@transaction.atomic
def _results_record(
    *, actor: User, application_id, filed_on, grounds, path, checked, in_portal, now: dt.datetime | None
) -> Appeal:
    now = now or timezone.now()
    application = _locked_application(application_id)
    institution = application.position.announcement.institution
    today = _today(now, institution)
    filed_on = filed_on or today
    grounds = (grounds or "").strip()
    days = settings.APPEAL_RESULTS_DAYS
    facts = selectors.r32_facts(application, filed_on=filed_on, today=today, days=days)
    problems = rules.r32_problems(**facts)
    if not grounds:
        problems.append(("grounds", {}))
    if problems:
        raise AppealError(_messages(problems))
    appeal = _appeal_create(
        actor=actor,
        action="appeals.results_lodged" if in_portal else "appeals.results_recorded",
        article="R-32",
        about={"application": application.pk},
        grounds=grounds,
        path=path,
        checked=checked,
        now=now,
        kind=AppealKind.RESULTS,
        institution=institution,
        application=application,
        appellant=application.applicant,
        filed_on=filed_on,
        counted_from=facts["published_on"],
        last_day=rules.r32_last_day(facts["published_on"], days),
        lodged_in_portal=in_portal,
    )
    if in_portal:
        _notify_hr(appeal, template="appeal_lodged_hr", kind="appeals.lodged", dedupe="lodged")
    return appeal


# --- an appeal against a decision not to confirm ------------------------------------------------------


def appeal_probation_record(
    *, actor: User, probation, filed_on: dt.date, grounds: str, upload, now: dt.datetime | None = None
) -> Appeal:
    """HR records the employee's appeal to KPMSHCK against the decision not to confirm (R-40.1), with its
    scan; the post stays vacant until KPMSHCK decides (R-40.2); the employee is told that it is on record."""
    require_hr_of(actor, probation_link.institution_id_of(probation))
    if upload is None:
        raise AppealError(_("Attach the scan of the appeal."))
    return _with_scan(
        upload,
        _probation_record,
        actor=actor,
        probation_id=probation.pk,
        filed_on=filed_on,
        grounds=grounds,
        now=now,
    )


@transaction.atomic
def _probation_record(
    *, actor: User, probation_id, filed_on, grounds, path, checked, now: dt.datetime | None
) -> Appeal:
    now = now or timezone.now()
    probation = (
        probation_link.probation_model()
        .objects.select_for_update(of=("self",))
        .select_related("institution", "employee", "appointment__winner__application__position__announcement")
        .get(pk=probation_id)
    )
    institution = probation.institution
    grounds = (grounds or "").strip()
    decided_on = probation_link.termination_date(probation)
    problems = rules.r40_problems(
        terminated=probation.state == probation_link.terminated_state(),
        decided_on=decided_on,
        filed_on=filed_on,
        today=_today(now, institution),
        already=Appeal.objects.filter(kind=AppealKind.PROBATION, probation=probation).exists(),
    )
    if not grounds:
        problems.append(("grounds", {}))
    if problems:
        raise AppealError(_messages(problems))
    assert decided_on is not None  # rules.r40_problems refuses an appeal without the decision's date
    return _appeal_create(
        actor=actor,
        action="appeals.probation_recorded",
        article="R-40",
        about={"probation": probation.pk},
        grounds=grounds,
        path=path,
        checked=checked,
        now=now,
        kind=AppealKind.PROBATION,
        institution=institution,
        application=probation_link.application_of(probation),
        probation=probation,
        appellant=probation.employee,
        filed_on=filed_on,
        counted_from=decided_on,
        last_day=rules.r40_last_day(decided_on),
        lodged_in_portal=False,
    )


def r40_release_unappealed(*, now: dt.datetime | None = None) -> int:
    """R-40.2: the post of an employee not confirmed is released once the time to appeal has run out without
    an appeal. Decided by the last day (held through it, released from the day after), not by when the task
    runs; idempotent: a post vacant already is left as it is (winners.post_release returns quietly), and each
    release is its own transaction, so one refusal does not hold the others."""
    now = now or timezone.now()
    Probation = probation_link.probation_model()
    candidates = (
        Probation.objects.filter(state=probation_link.terminated_state(), decided_on__isnull=False)
        .exclude(pk__in=Appeal.objects.filter(kind=AppealKind.PROBATION).values("probation_id"))
        .select_related("institution", "appointment__post")
    )
    released = 0
    for probation in candidates:
        if probation.decided_on is None:  # none: the query asks for decided_on
            continue
        hold = rules.r40_post_hold(
            decided_on=probation.decided_on,
            today=_today(now, probation.institution),
            appealed=False,
            decided=False,
        )
        if hold != PostHold.RELEASE:
            continue
        post = probation_link.post_of(probation)
        if post.state == probation_link.vacant_state() or not probation_link.holds_the_post(probation):
            continue  # released already (and perhaps given to the next winner since)
        with transaction.atomic():
            probation_link.post_release(
                actor=None,
                probation=probation,
                reason="R-40.2: the time to appeal the decision not to confirm ran out without an appeal",
                now=now,
            )
            audit_log(
                actor=None,
                action="appeals.r40_post_released",
                object_type="probation.probation",
                object_id=str(probation.pk),
                data={"post": post.pk, "decided_on": probation.decided_on, "article": "R-40.2"},
            )
        released += 1
    return released


# --- KPMSHCK's decision -------------------------------------------------------------------------------------


def appeal_decision_scan_attach(
    *, actor: User, appeal: Appeal, upload, now: dt.datetime | None = None
) -> Appeal:
    """HR attaches the scan of KPMSHCK's decision before recording it (a later scan replaces an earlier one
    while the appeal awaits the decision; once recorded, the decision and its scan are kept as they are)."""
    require_hr_of(actor, appeal.institution_id)
    if upload is None:
        raise AppealError(_("Choose the scan of KPMSHCK's decision."))

    @transaction.atomic
    def record(path, checked):
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.state != AppealState.RECEIVED:
            raise AppealError(_("The decision is already recorded; its scan cannot change."))
        old = locked.decision_scan_path
        locked.decision_scan_path = path
        locked.decision_scan_sha256 = checked.sha256
        locked.decision_scan_content_type = checked.content_type
        locked.save(
            update_fields=["decision_scan_path", "decision_scan_sha256", "decision_scan_content_type"]
        )
        audit_log(
            actor=actor,
            action="appeals.decision_scan_attached",
            obj=locked,
            data={"scan_sha256": checked.sha256, "replaced": bool(old)},
        )
        return locked

    return _with_scan(upload, record)


def appeal_decide(
    *,
    actor: User,
    appeal: Appeal,
    decision: str,
    decided_on: dt.date | None,
    effect: str,
    note: str = "",
    decision_number: str = "",
    now: dt.datetime | None = None,
) -> Appeal:
    """HR records KPMSHCK's decision and carries out what it re-opens, all in one transaction:

    - results, upheld or partly, a winner removed from the list: ``winners.services.winner_reinstate``;
    - results, a corrected ranking: recorded with HR's note, the appellant told (HR corrects the ranking in
      scoring, whose correction the winners list follows);
    - probation, upheld: probation's annulment of the termination (the employee keeps the post);
    - probation, rejected (or partly, as KPMSHCK says): the post held vacant by R-40.2 is released
      (``winners.services.post_release``).

    A second click finds the appeal decided and changes nothing (the state is checked under the lock)."""
    now = now or timezone.now()
    require_hr_of(actor, appeal.institution_id)
    note = (note or "").strip()
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().select_related(*selectors._RELATED).get(pk=appeal.pk)
        if not rules.may_move(locked.state, AppealState.DECIDED):
            raise AppealError(_("KPMSHCK's decision on this appeal is already recorded."))
        problems = rules.decision_problems(
            kind=locked.kind,
            decision=decision,
            effect=effect,
            decided_on=decided_on,
            filed_on=locked.filed_on,
            today=_today(now, locked.institution),
        )
        if effect in (Effect.RANKING_CORRECTED, Effect.WINNER_REINSTATED) and not note:
            problems.append("note")
        if problems:
            raise AppealError(_messages(problems, {**rules.DECISION_PROBLEMS, **_EXTRA_PROBLEMS}))
        locked.decided_on = decided_on  # read by the effect (the annulment's date)
        try:
            effect_note = _apply_effect(actor=actor, appeal=locked, effect=effect, note=note, now=now)
        except AppealError:
            raise
        except (
            ValidationError
        ) as exc:  # the owning app refused (e.g. a winners list expired): nothing is recorded
            raise AppealError(exc.messages) from exc
        locked.state = AppealState.DECIDED
        locked.decision = decision
        locked.decided_on = decided_on
        locked.decision_number = (decision_number or "").strip()[:60]
        locked.decision_note = note
        locked.effect = effect
        locked.effect_note = effect_note
        locked.decision_recorded_by = actor
        locked.decision_recorded_at = now
        locked.save(
            update_fields=[
                "state",
                "decision",
                "decided_on",
                "decision_number",
                "decision_note",
                "effect",
                "effect_note",
                "decision_recorded_by",
                "decision_recorded_at",
            ]
        )
        audit_log(
            actor=actor,
            action="appeals.decided",
            obj=locked,
            data={
                "old": AppealState.RECEIVED,
                "new": AppealState.DECIDED,
                "decision": decision,
                "decided_on": decided_on,
                "effect": effect,
                "note_sha256": text_digest(note),
                "decision_scan_sha256": locked.decision_scan_sha256,
                "article": "R-32" if locked.kind == AppealKind.RESULTS else "R-40",
            },
        )
        _notify_appellant(locked, template="appeal_decided", kind="appeals.decided", dedupe="decided")
    return locked


_EXTRA_PROBLEMS = {
    "note": gettext_lazy(
        "Say in a few words what KPMSHCK decided and what changes: the candidate and the history read it."
    ),
}


def _apply_effect(*, actor: User, appeal: Appeal, effect: str, note: str, now: dt.datetime) -> str:
    """Carry out the effect through the owning app's service; return what was done, for the record."""
    reason = _("KPMSHCK's decision on the appeal of %(date)s") % {
        "date": appeal.filed_on.strftime("%d.%m.%Y")
    }
    if note:
        reason = f"{reason}: {note}"
    if effect == Effect.WINNER_REINSTATED:
        winner = (
            Winner.objects.filter(application_id=appeal.application_id).order_by(
                "-winners_list__published_on", "-pk"
            )
        ).first()
        if winner is None:
            raise AppealError(
                _(
                    "This candidate is on no winners list: nothing to reinstate. If KPMSHCK ordered a "
                    "corrected ranking, choose “The ranking is corrected”."
                )
            )
        try:
            winners_services.winner_reinstate(actor=actor, winner=winner, reason=reason, now=now)
        except ValidationError as exc:
            raise AppealError(exc.messages) from exc
        return f"winners.Winner #{winner.pk} reinstated"
    if effect == Effect.TERMINATION_ANNULLED:
        return probation_link.termination_annul(actor=actor, appeal=appeal, reason=reason, now=now)
    if effect == Effect.POST_RELEASED:
        return probation_link.post_release(actor=actor, appeal=appeal, reason=reason, now=now)
    return ""


__all__ = [
    "AppealError",
    "Decision",
    "appeal_decide",
    "appeal_decision_scan_attach",
    "appeal_results_lodge",
    "appeal_results_record",
]
