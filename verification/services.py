"""Every change of the preliminary verification (R-18). Each service checks that the actor is HR of the
announcing institution, locks what it changes, applies rules.py, and writes the applicant's history, the
outbox messages and the audit event in one transaction.

Locks, always in this order: the position row (opening, publication), then the review rows. A decision
locks its review and then reads whether the shortlist exists: a publication holding the reviews' locks
makes it wait, and it then sees the list and refuses (READ COMMITTED reads the committed row).
HR's decisions are internal until the publication: only the opening of the verification, the
publication and an exclusion (R-9.3) write to the applicant's history or outbox.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.events import NewApplicationEvent, application_event_record, application_events_record_bulk
from applications.models import (
    Application,
    ApplicationStatus,
    ApplicationSubmission,
    EventKind,
)
from applications.selectors import applicant_email, applicant_emails
from audit.services import audit_log, text_digest
from notifications.services import notice_run_start, notify
from recruitment.lib.languages import LANGS, pick_language
from recruitment.permissions import NotAllowed, hr_users, require_hr_of
from vacancies.models import ClosingState, Position

from . import rules, selectors
from .models import (
    Check,
    CheckResult,
    CriterionKind,
    Decision,
    FalseDeclaration,
    Reason,
    Review,
    ReviewCount,
    Shortlist,
)
from .pdf import EXCLUDED_MESSAGE_KIND, NOT_ELIGIBLE_MESSAGE_KIND, decision_path
from .signals import candidate_excluded

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class VerificationError(ValidationError):
    """A change refused for a reason HR can act on; its messages are shown in the admin."""


def _problems(codes: list[str]) -> VerificationError:
    return VerificationError([str(rules.PROBLEMS[c]) for c in codes])


def _i18n(obj, field: str) -> dict:
    return {lang: getattr(obj, f"{field}_{lang}", None) or "" for lang in LANGS}


def _position_locked(position_id: int) -> Position:
    return (
        Position.objects.select_for_update(of=("self",))
        .select_related("announcement__institution")
        .get(pk=position_id)
    )


def _require_hr(actor: User, position: Position) -> None:
    require_hr_of(actor, position.announcement.institution_id)


def _require_closed(position: Position) -> None:
    # counts from the final closing date: no verification while applications may still come.
    if position.closing_state != ClosingState.CLOSED or position.closed_at is None:
        raise VerificationError(
            _(
                "The application period of this position is not closed yet: the verification "
                "starts after the final closing (R-12.3, R-18.5)."
            )
        )


def _require_not_published(position_id: int) -> None:
    if Shortlist.objects.filter(position_id=position_id).exists():
        raise VerificationError(
            _(
                "The shortlist of this position is published: decisions can no longer change "
                "(only an exclusion for a false declaration, R-9.3)."
            )
        )


# --- Opening -----------------------------------------------------------------------------------------------


def _criteria(position: Position) -> list[dict]:
    """R-18.1: the announcement's criteria of this position, as rules.py decides which and in what order."""
    criteria = []
    for req in position.requirements.order_by("order", "id"):
        kind = rules.criterion_kind(req.kind, req.is_advantage)
        if kind is not None:
            criteria.append({"kind": kind, "requirement": req, "label": _i18n(req, "text")})
    for doc in position.documents.order_by("order", "id"):
        if rules.document_is_criterion(doc.required):
            criteria.append(
                {"kind": CriterionKind.DOCUMENT, "required_document": doc, "label": _i18n(doc, "name")}
            )
    return rules.criteria_in_order(criteria)


def _attached_slots(submission) -> set[str]:
    return {item["slot"] for item in (submission.checklist_snapshot or []) if item.get("documents")}


def reviews_open(*, position: Position, actor: User, now: dt.datetime | None = None) -> int:
    """Open the verification of a closed position: one review per submitted application, one check per
    criterion. Idempotent: what exists is kept, only what is missing is created (a criterion added by an
    amendment, an application not reviewed yet). A required document absent from the submission is
    marked "not met" at once (a fact of the frozen checklist); everything else waits for HR.
    Returns the number of reviews created."""
    with transaction.atomic():
        position = _position_locked(position.pk)
        _require_hr(actor, position)
        _require_closed(position)
        now = now or timezone.now()
        criteria = _criteria(position)
        existing = {
            r.application_id: r for r in Review.objects.filter(position=position).prefetch_related("checks")
        }
        applications = (
            Application.objects.filter(
                position=position, status=ApplicationStatus.SUBMITTED, last_submission__isnull=False
            )
            .select_related("last_submission")
            .order_by("pk")
        )
        created = 0
        for app in applications:
            review = existing.get(app.pk)
            if review is None:
                submission = cast(
                    ApplicationSubmission, app.last_submission
                )  # a submitted application has one
                personal = (submission.profile_snapshot or {}).get("personal", {})
                review = Review.objects.create(
                    application=app,
                    position=position,
                    submission=submission,
                    first_name=personal.get("first_name", "")[:100],
                    last_name=personal.get("last_name", "")[:100],
                    reference=submission.reference,
                    opened_at=now,
                )
                created += 1
                _event_of_review(app, EventKind.VERIFICATION_OPENED, review, actor=actor, now=now)
                have_requirements, have_documents = set(), set()
            else:
                have_requirements = {c.requirement_id for c in review.checks.all()}
                have_documents = {c.required_document_id for c in review.checks.all()}
            attached = _attached_slots(review.submission)
            new_checks = []
            for order, criterion in enumerate(criteria):
                req, doc = criterion.get("requirement"), criterion.get("required_document")
                if (req and req.pk in have_requirements) or (doc and doc.pk in have_documents):
                    continue
                check = Check(
                    review=review,
                    order=order,
                    kind=criterion["kind"],
                    requirement=req,
                    required_document=doc,
                    label=criterion["label"],
                )
                if doc is not None and f"doc-{doc.pk}" not in attached:
                    check.result = CheckResult.NOT_MET
                    check.note = _("Not attached to the submitted application.")
                    check.checked_at = now
                new_checks.append(check)
            Check.objects.bulk_create(new_checks)
        if created or not ReviewCount.objects.filter(position=position).exists():
            ReviewCount.objects.update_or_create(
                position=position, defaults={"reviews": Review.objects.filter(position=position).count()}
            )
        audit_log(
            actor=actor,
            action="verification.opened",
            obj=position,
            data={"reviews_created": created, "criteria": len(criteria)},
        )
    return created


# --- Checks and decisions -----------------------------------------------------------------------------------


def _review_locked(review_id: int) -> Review:
    # The row alone (see applications.services._application_locked): related rows are read after the lock.
    return Review.objects.select_for_update().get(pk=review_id)


def _institution_id(review: Review) -> int:
    return (
        Position.objects.filter(pk=review.position_id)
        .values_list("announcement__institution_id", flat=True)
        .get()
    )


def check_record(
    *, check: Check, result: str, note: str = "", actor: User, now: dt.datetime | None = None
) -> Check:
    """HR records the result of one criterion (R-18.1, R-18.2), before the publication."""
    if result not in CheckResult.values:
        raise VerificationError(_("Choose a result of the list."))
    with transaction.atomic():
        review = _review_locked(check.review_id)
        require_hr_of(actor, _institution_id(review))
        _require_not_published(review.position_id)
        locked = Check.objects.select_for_update().get(pk=check.pk)
        if locked.result == result and locked.note == (note or ""):
            return locked
        old = locked.result
        locked.result, locked.note = result, note or ""
        locked.checked_by, locked.checked_at = actor, now or timezone.now()
        locked.save(update_fields=["result", "note", "checked_by", "checked_at"])
        audit_log(
            actor=actor,
            action="verification.checked",
            obj=locked,
            data={"review": review.pk, "old": old, "new": result, "note_sha256": text_digest(locked.note)},
        )
    return locked


def _decide(
    review: Review, *, decision: str, reasons: list[str], explanation: str, actor: User, now
) -> Review:
    """The decision on a locked review, validated by rules.decision_problems (the caller holds the lock)."""
    results = list(review.checks.values_list("result", flat=True))
    problems = rules.decision_problems(
        decision=decision, reasons=reasons, explanation=explanation, check_results=results
    )
    if problems:
        raise _problems(problems)
    old = review.decision
    review.decision = decision
    review.reasons = list(dict.fromkeys(reasons)) if decision == Decision.NOT_ELIGIBLE else []
    review.explanation = (explanation or "").strip()
    undecided = decision == Decision.UNDECIDED
    review.decided_by, review.decided_at = (None, None) if undecided else (actor, now)
    review.save(update_fields=["decision", "reasons", "explanation", "decided_by", "decided_at"])
    audit_log(
        actor=actor,
        action="verification.decided",
        obj=review,
        data={
            "old": old,
            "new": decision,
            "reasons": review.reasons,
            "explanation_sha256": text_digest(review.explanation),
        },
    )
    return review


def _review_locked_for_decision(review_pk: int, actor) -> Review:
    """The review locked for HR's decision: HR of its institution, before the shortlist's publication, and not
    excluded for a false declaration (R-9.3: only the exclusion's own service changes that)."""
    locked = _review_locked(review_pk)
    require_hr_of(actor, _institution_id(locked))
    _require_not_published(locked.position_id)
    if locked.decision == Decision.EXCLUDED:
        raise VerificationError(_("This candidate was excluded for a false declaration (R-9.3)."))
    return locked


def review_decide(
    *,
    review: Review,
    decision: str,
    reasons=(),
    explanation: str = "",
    actor: User,
    now: dt.datetime | None = None,
) -> Review:
    """HR's decision about one application (internal until the publication). Refused with the rule's
    message when it is not valid (rules.decision_problems), and once the shortlist is published."""
    if decision == Decision.EXCLUDED:
        raise _problems(["false_declaration_by_exclusion"])
    with transaction.atomic():
        locked = _review_locked_for_decision(review.pk, actor)
        return _decide(
            locked,
            decision=decision,
            reasons=list(reasons),
            explanation=explanation,
            actor=actor,
            now=now or timezone.now(),
        )


def review_record(
    *,
    review: Review,
    results: dict[int, tuple[str, str]],
    decision: str,
    reasons=(),
    explanation: str = "",
    actor: User,
    now: dt.datetime | None = None,
) -> Review:
    """HR's review screen in one transaction: the result and note of each criterion (``results``: check id ->
    (result, note), as check_record records them), then the decision, validated against those results
    (rules.decision_problems). A refusal of either leaves nothing saved. The decision is taken again only when
    it changed; an unchanged decision must still hold with the new results."""
    if decision == Decision.EXCLUDED:
        raise _problems(["false_declaration_by_exclusion"])
    now = now or timezone.now()
    with transaction.atomic():
        locked = _review_locked_for_decision(review.pk, actor)
        checks = {c.pk: c for c in locked.checks.all()}
        for check_id, (result, note) in results.items():
            if check_id not in checks:
                raise VerificationError(_("A criterion of the form is not a criterion of this review."))
            check_record(check=checks[check_id], result=result, note=note, actor=actor, now=now)
        reasons = list(reasons)
        if (decision, reasons if decision == Decision.NOT_ELIGIBLE else [], (explanation or "").strip()) != (
            locked.decision,
            locked.reasons,
            locked.explanation,
        ):
            return _decide(
                locked, decision=decision, reasons=reasons, explanation=explanation, actor=actor, now=now
            )
        problems = rules.decision_problems(
            decision=locked.decision,
            reasons=locked.reasons,
            explanation=locked.explanation,
            check_results=locked.checks.values_list("result", flat=True),
        )
        if problems:
            raise _problems(problems)
    return locked


def _bulk_targets(position: Position, actor, review_ids):
    position = _position_locked(position.pk)
    _require_hr(actor, position)
    _require_not_published(position.pk)
    qs = Review.objects.filter(position=position, decision=Decision.UNDECIDED)
    if review_ids is not None:
        qs = qs.filter(pk__in=list(review_ids))
    return position, list(
        qs.select_for_update(of=("self",))
        .select_related("submission", "application")
        .prefetch_related("checks")
        .order_by("pk")
    )


def reviews_bulk_eligible(
    *, position: Position, actor: User, review_ids=None, now: dt.datetime | None = None
) -> int:
    """Declare eligible, in one go, the undecided applications whose every criterion is checked and met
    (rules.obviously_eligible). The others are left for HR to look at. Returns how many were decided."""
    now = now or timezone.now()
    done = 0
    with transaction.atomic():
        _position, reviews = _bulk_targets(position, actor, review_ids)
        for review in reviews:
            if rules.obviously_eligible([c.result for c in review.checks.all()]):
                _decide(review, decision=Decision.ELIGIBLE, reasons=[], explanation="", actor=actor, now=now)
                done += 1
    return done


def reviews_bulk_missing_document(
    *, position: Position, actor: User, review_ids=None, now: dt.datetime | None = None
) -> int:
    """Declare "not eligible: missing document" the undecided applications whose submission lacks a
    required document (R-9.2.2: incomplete applications are rejected), with an explanation naming the
    documents, written in the candidate's language. Returns how many were decided."""
    now = now or timezone.now()
    done = 0
    with transaction.atomic():
        _position, reviews = _bulk_targets(position, actor, review_ids)
        for review in reviews:
            missing = [
                c
                for c in review.checks.all()
                if c.kind == CriterionKind.DOCUMENT
                and c.required_document_id
                and f"doc-{c.required_document_id}" not in _attached_slots(review.submission)
            ]
            if not missing:
                continue
            language = review.application.language or "sq"
            with translation.override(language):
                names = "; ".join(pick_language(c.label, language) for c in missing)
                explanation = _(
                    "The application does not include these required documents: %(names)s. "
                    "Incomplete applications are rejected (R-9.2.2)."
                ) % {"names": names}
            _decide(
                review,
                decision=Decision.NOT_ELIGIBLE,
                reasons=[Reason.MISSING_DOCUMENT],
                explanation=explanation,
                actor=actor,
                now=now,
            )
            done += 1
    return done


# --- exclusion at any stage --------------------------------------------------------------------------


def false_declaration_record(
    *, review: Review, evidence: str, explanation: str, actor: User, now: dt.datetime | None = None
) -> FalseDeclaration:
    """R-9.3: a false declaration excludes the candidate at any stage, even after the publication. The
    evidence is kept (internal); the candidate is told with the explanation and a reasoned decision."""
    problems = rules.exclusion_problems(evidence=evidence, explanation=explanation)
    if problems:
        raise _problems(problems)
    with transaction.atomic():
        locked = _review_locked(review.pk)
        require_hr_of(actor, _institution_id(locked))
        if locked.decision == Decision.EXCLUDED:
            raise VerificationError(_("This candidate is already excluded (R-9.3)."))
        now = now or timezone.now()
        shortlist = Shortlist.objects.select_for_update().filter(position_id=locked.position_id).first()
        record = FalseDeclaration.objects.create(
            review=locked,
            found_at=now,
            found_by=actor,
            evidence=evidence.strip(),
            after_publication=shortlist is not None,
        )
        old = locked.decision
        locked.decision = Decision.EXCLUDED
        locked.reasons = [Reason.FALSE_DECLARATION]
        locked.explanation = explanation.strip()
        locked.decided_by, locked.decided_at = actor, now
        locked.save(update_fields=["decision", "reasons", "explanation", "decided_by", "decided_at"])
        if shortlist is not None and locked.shortlist_rank is not None:
            # The published entries stay as they were; the public page and a new PDF leave the candidate out.
            shortlist.version += 1
            shortlist.changed_at = now
            shortlist.save(update_fields=["version", "changed_at"])
        app = Application.objects.select_related("applicant").get(pk=locked.application_id)
        _event_of_review(app, EventKind.EXCLUDED, locked, actor=actor, now=now)
        _tell_decision(
            locked,
            app,
            kind=EXCLUDED_MESSAGE_KIND,
            template="verification_excluded",
            decision=Decision.EXCLUDED,
            dedupe_key=f"verification-excluded:{locked.pk}",
        )
        audit_log(
            actor=actor,
            action="verification.excluded",
            obj=locked,
            data={
                "old": old,
                "false_declaration": record.pk,
                "after_publication": record.after_publication,
                "evidence_sha256": text_digest(record.evidence),
            },
        )
        # reaches every later stage: the apps above (the evaluation, its results) act in this
        # transaction.
        candidate_excluded.send(
            sender=Review,
            application_id=locked.application_id,
            position_id=locked.position_id,
            actor=actor,
            now=now,
            false_declaration=record,
        )
    return record


def _event_of_review(app: Application, kind: str, review: Review, *, actor, now: dt.datetime) -> None:
    """The step in the applicant's history (applications.events), naming the review by its reference."""
    application_event_record(
        application=app, kind=kind, actor=actor, at=now, data={"reference": review.reference}
    )


def _review_context(review: Review, app: Application, position: Position) -> dict:
    """What a message about a review's decision shows: the review, the application and where it was made."""
    return {
        "review": review,
        "application": app,
        "position": position,
        "announcement": position.announcement,
        "institution": position.announcement.institution,
    }


def _tell_decision(
    review: Review,
    app: Application,
    *,
    kind: str,
    template: str,
    decision: str,
    dedupe_key: str,
    position: Position | None = None,
):
    email = applicant_email(app)
    if not email:
        return None  # a candidate without e-mail gets the decision on paper from HR
    position = position or Position.objects.select_related("announcement__institution").get(
        pk=review.position_id
    )
    language = app.language or "sq"
    with translation.override(language):
        reasons = review.reason_labels()
    return notify(
        recipient=app.applicant,
        email=email,
        kind=kind,
        template=template,
        language=language,
        dedupe_key=dedupe_key,
        attachment_path=decision_path(review, decision),
        attachment_name=f"{review.reference}-decision.pdf",
        context={**_review_context(review, app, position), "reasons": reasons},
    )


# --- Publication (R-18.4 …) --------------------------------------------------------------------------


def shortlist_publish(
    *, position: Position, actor: User, now: dt.datetime | None = None, expected_state: str | None = None
) -> Shortlist:
    """Publish the shortlist: the eligible in Albanian alphabetical order (R-18.4), on the public page and
    as a PDF; every candidate not admitted gets an individual reasoned decision with a PDF (R-18.6), every
    eligible one a message about the next step. Refused while any submitted application is undecided or
    not reviewed: nothing is published then. Idempotent: a second call returns the list and sends nothing
    (each message also has its dedupe key). ``expected_state`` (selectors.decisions_state, carried by the
    confirmation page): refused when the decisions changed since HR read what would be published."""
    with transaction.atomic():
        position = _position_locked(position.pk)
        _require_hr(actor, position)
        existing = Shortlist.objects.filter(position=position).first()
        if existing is not None:
            return existing
        _require_closed(position)
        now = now or timezone.now()
        reviews = list(
            Review.objects.filter(position=position)
            .select_for_update(of=("self",))
            .select_related("application__applicant")
            .order_by("pk")
        )
        if expected_state is not None and expected_state != selectors.decisions_state(
            (r.pk, r.decision, r.decided_at) for r in reviews
        ):
            raise VerificationError(
                _(
                    "The decisions changed since this page was opened: read the figures again "
                    "before publishing."
                )
            )
        reviewed = {r.application_id for r in reviews}
        not_reviewed = (
            Application.objects.filter(position=position, status=ApplicationStatus.SUBMITTED)
            .exclude(pk__in=reviewed)
            .count()
        )
        if not_reviewed:
            raise VerificationError(
                _(
                    "%(n)s submitted application(s) have no verification yet: open the "
                    "verification of the position again."
                )
                % {"n": not_reviewed}
            )
        undecided = [r for r in reviews if r.decision == Decision.UNDECIDED]
        if not rules.may_publish(r.decision for r in reviews):
            raise VerificationError(
                _(
                    "%(n)s application(s) are not decided yet: decide every application "
                    "before publishing the shortlist (R-18.3)."
                )
                % {"n": len(undecided)}
            )
        # A check changed after its decision may have made the decision invalid: each is validated again.
        results: dict[int, list[str]] = {}
        for review_id, result in Check.objects.filter(review__position=position).values_list(
            "review_id", "result"
        ):
            results.setdefault(review_id, []).append(result)
        invalid = [
            r
            for r in reviews
            if r.decision in (Decision.ELIGIBLE, Decision.NOT_ELIGIBLE)
            and rules.decision_problems(
                decision=r.decision,
                reasons=r.reasons,
                explanation=r.explanation,
                check_results=results.get(r.pk, []),
            )
        ]
        if invalid:
            raise VerificationError(
                _(
                    "The decision on %(names)s no longer matches the checks of the criteria: "
                    "decide again before publishing."
                )
                % {"names": ", ".join(r.full_name or r.reference for r in invalid)}
            )
        eligible = rules.shortlist_order(
            r.shortlist_entry() for r in reviews if r.decision == Decision.ELIGIBLE
        )
        tz = position.announcement.institution.tzinfo
        late = (
            rules.shortlist_deadline_applies(position.announcement.rule_set)
            and rules.days_left(cast(dt.datetime, position.closed_at), now, tz) < 0
        )
        rejected = [r for r in reviews if r.decision == Decision.NOT_ELIGIBLE]
        shortlist = Shortlist.objects.create(
            position=position,
            published_at=now,
            published_by=actor,
            entries=eligible,
            rejected_count=len(rejected),
            late=late,
        )
        # The state change, in bulk (issue 13: a statement per batch, not per candidate): the places on the
        # list, and each candidate's step in their history.
        _shortlist_ranks_set({e["review"]: i for i, e in enumerate(eligible, start=1)})
        kinds: dict[str, str] = {
            Decision.ELIGIBLE: EventKind.SHORTLISTED,
            Decision.NOT_ELIGIBLE: EventKind.NOT_ELIGIBLE,
        }
        told = [r for r in reviews if r.decision in kinds]
        application_events_record_bulk(
            events=(
                NewApplicationEvent(
                    application_id=r.application_id,
                    kind=kinds[r.decision],
                    actor=actor,
                    at=now,
                    data={"reference": r.reference},
                )
                for r in told
            )
        )
        # The candidates' notices (R-18.4, R-18.6) are written by a task after the commit (issue 13); an
        # excluded candidate was told when excluded: nothing more at this step.
        emails = applicant_emails(r.application for r in told)
        notice_run_start(
            key=shortlist_notices_key(shortlist.pk),
            source=SHORTLIST_NOTICES,
            args={"shortlist": shortlist.pk},
            total=sum(1 for r in told if emails.get(r.application.applicant_id)),
        )  # its progress is timed by the clock (``now`` may be a scheduled time, which would look stalled)
        audit_log(
            actor=actor,
            action="verification.shortlist_published",
            obj=position,
            data={
                "eligible": [e["reference"] for e in eligible],
                "not_eligible": len(rejected),
                "excluded": sum(1 for r in reviews if r.decision == Decision.EXCLUDED),
                "late": late,
            },
        )
    return shortlist


def _shortlist_ranks_set(ranks: dict[int, int]) -> None:
    """Each review's place on the list, in one statement (issue 13: bulk_update's CASE of 10,000 branches
    cost 3 s of Python in HR's request). No Review's save signal runs: the public pages' cache is bumped by
    the Shortlist's own save, in the same transaction."""
    if connection.vendor != "postgresql":
        reviews = list(Review.objects.filter(pk__in=ranks))
        for review in reviews:
            review.shortlist_rank = ranks[review.pk]
        Review.objects.bulk_update(reviews, ["shortlist_rank"], batch_size=1000)
        return
    table = connection.ops.quote_name(Review._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS r SET shortlist_rank = v.rank FROM unnest(%s::bigint[], %s::integer[]) "
            "AS v(id, rank) WHERE r.id = v.id",
            [list(ranks), list(ranks.values())],
        )


SHORTLIST_NOTICES = "verification.shortlist"


def shortlist_notices_key(shortlist_id: int) -> str:
    """The mass notice of a shortlist's publication (notifications.NoticeRun.key): HR's page reads it."""
    return f"verification-shortlist:{shortlist_id}"


def shortlist_notice_items(args: dict) -> list[dict]:
    """The notices of a published shortlist (notifications.register_notice_source): every candidate on the
    list as published is told about the next step, every one not admitted gets the reasoned decision (R-18.4,
    R-18.6), each with an address, in the reviews' order; the same texts, keys and attachments as when HR's
    request wrote them."""
    shortlist = Shortlist.objects.select_related("position__announcement__institution").get(
        pk=args["shortlist"]
    )
    position = shortlist.position
    on_list = [entry["review"] for entry in shortlist.entries]
    reviews = list(
        Review.objects.filter(position=position)
        .filter(Q(pk__in=on_list) | Q(decision=Decision.NOT_ELIGIBLE))
        .select_related("application__applicant")
        .order_by("pk")
    )
    emails = applicant_emails(r.application for r in reviews)
    on_list_ids = set(on_list)
    items = []
    for review in reviews:
        app = review.application
        email = emails.get(app.applicant_id)
        if not email:
            continue  # a candidate without e-mail gets the decision on paper from HR
        language = app.language or "sq"
        item = {"recipient": app.applicant, "email": email, "language": language}
        if review.pk in on_list_ids:
            item.update(
                kind="verification.eligible",
                template="verification_eligible",
                dedupe_key=f"verification-eligible:{review.pk}",
                context=_review_context(review, app, position),
            )
        else:
            with translation.override(language):
                reasons = review.reason_labels()
            item.update(
                kind=NOT_ELIGIBLE_MESSAGE_KIND,
                template="verification_not_eligible",
                dedupe_key=f"verification-not-eligible:{review.pk}",
                attachment_path=decision_path(review, Decision.NOT_ELIGIBLE),
                attachment_name=f"{review.reference}-decision.pdf",
                context={**_review_context(review, app, position), "reasons": reasons},
            )
        items.append(item)
    return items


# --- reminders to HR --------------------------------------------------------------------------------


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind HR 10 and 13 days after the final closing of a position whose shortlist is not published yet
    (R-18.5). Idempotent: each (position, stage, person) is written once, however often it runs.
    Returns the number of messages written."""
    now = now or timezone.now()
    first, last = min(rules.REMINDER_DAYS), rules.SHORTLIST_DAYS + 2
    positions = (
        Position.objects.filter(
            closing_state=ClosingState.CLOSED,
            shortlist__isnull=True,
            closed_at__lte=now - dt.timedelta(days=first - 1),
            closed_at__gte=now - dt.timedelta(days=last),
        )
        .select_related("announcement__institution")
        .order_by("pk")
    )
    written = 0
    for position in positions:
        if not rules.shortlist_deadline_applies(position.announcement.rule_set):
            continue  # a historical procedure: R-18.5's 15 days do not bind it
        tz = position.announcement.institution.tzinfo
        closed_at = cast(dt.datetime, position.closed_at)  # the positions closed (the query above)
        stage = rules.reminder_stage(closed_at, now, tz)
        if stage is None:
            continue
        undecided = (
            Application.objects.filter(position=position, status=ApplicationStatus.SUBMITTED)
            .exclude(review__decision__in=[Decision.ELIGIBLE, Decision.NOT_ELIGIBLE, Decision.EXCLUDED])
            .count()
        )
        for user in hr_users(position.announcement.institution_id):
            with transaction.atomic():
                message = notify(
                    recipient=user,
                    kind="verification.reminder",
                    template="verification_reminder",
                    dedupe_key=f"verification-reminder:{position.pk}:{stage}:{user.pk}",
                    context={
                        "position": position,
                        "elapsed": rules.days_elapsed(closed_at, now, tz),
                        "days_left": rules.days_left(closed_at, now, tz),
                        "deadline": rules.shortlist_deadline(closed_at, tz),
                        "undecided": undecided,
                    },
                )
                if message is not None:
                    audit_log(
                        actor=None,
                        action="verification.reminded",
                        obj=position,
                        data={"stage": stage, "to": user.pk},
                    )
                    written += 1
    return written


__all__ = [
    "NotAllowed",
    "VerificationError",
    "check_record",
    "false_declaration_record",
    "reminders_send",
    "review_decide",
    "review_record",
    "reviews_bulk_eligible",
    "reviews_bulk_missing_document",
    "reviews_open",
    "shortlist_notice_items",
    "shortlist_notices_key",
    "shortlist_publish",
]
