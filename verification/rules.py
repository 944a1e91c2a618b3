"""The preliminary verification (R-17.1.1, R-18) as pure functions over plain values (no database).

R-18.1: "Verifikimi paraprak është procesi i verifikimit nëse kandidati plotëson kriteret e përgjithshme
dhe ato të veçanta ..., sipas shpalljes së konkursit."
R-18.3: "Vetëm kandidatët që plotësojnë kriteret për aplikim kanë të drejtë të vazhdojnë më tej konkurrimin".
R-18.4: "... renditen në një listë të ngushtë sipas rendit alfabetik."
R-18.5: "Lista shpallet ... jo më vonë se pesëmbëdhjetë (15) ditë nga data përfundimtare e pranimit të
aplikacioneve."
R-18.6: "Vendimi për mosplotësimin e kriterëve për aplikim, arsyetohet dhe njoftohen individualisht
aplikantët, jo më vonë se pesëmbëdhjetë (15) ditë ..."
R-9.3: "Deklarimi i rrejshëm paraqet shkak për përjashtimin nga procedura e pranimit në cilëndo fazë".
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext_lazy as _

from recruitment.lib import albanian
from vacancies.choices import RuleSet

from .choices import CheckResult, CriterionKind, Decision, Reason

# the shortlist and the reasoned decisions within 15 days of the final closing date.
SHORTLIST_DAYS = 15
# HR is reminded when 10 and when 13 of the 15 days have passed (the brief's choice: 5 and 2 days left).
REMINDER_DAYS = (10, 13)

# Why a decision is refused: code -> message shown to HR.
PROBLEMS = {
    "unknown_decision": _("Choose “eligible” or “not eligible”."),
    "unknown_reason": _("One of the reasons is not a reason of the list."),
    "reason_required": _(
        "A decision “not eligible” names at least one reason (R-18.6: the decision is reasoned)."
    ),
    "explanation_required": _("Explain the decision in words: the candidate receives it (R-18.6)."),
    "explanation_for_not_met": _(
        "A criterion is marked “not met” or “cannot be verified”: explain why the candidate is nevertheless "
        "eligible (R-18.3 admits only those who meet every criterion)."
    ),
    "reasons_on_eligible": _("An eligible candidate has no reasons for rejection: remove them."),
    "unchecked": _("Check every criterion before declaring the candidate eligible (R-18.1)."),
    "false_declaration_by_exclusion": _(
        "A false declaration excludes the candidate (R-9.3): record it with its evidence instead."
    ),
    "evidence_required": _("Describe the evidence that the declaration is false (R-9.3)."),
}


def decision_problems(
    *, decision: str, reasons: Sequence[str], explanation: str, check_results: Iterable[str]
) -> list[str]:
    """Why HR's decision about one application cannot be taken; empty when it can.

    - R-18.6: "not eligible" is reasoned: at least one coded reason and an explanation in words.
    - R-18.3: only those who meet every criterion continue, so "eligible" needs every criterion
      checked (R-18.1); one marked "not met" or "cannot be verified" needs an explanation of why.
    - R-9.3: exclusion for a false declaration is its own act (exclusion_problems), with evidence.
    - Back to "not decided" is always possible before the publication (no reasons, no explanation).
    """
    results = list(check_results)
    explanation = (explanation or "").strip()
    problems = []
    if decision not in (Decision.UNDECIDED, Decision.ELIGIBLE, Decision.NOT_ELIGIBLE):
        return ["unknown_decision"]
    if any(r not in Reason.values for r in reasons):
        problems.append("unknown_reason")
    if decision == Decision.UNDECIDED:
        return problems
    if Reason.FALSE_DECLARATION in reasons:
        problems.append("false_declaration_by_exclusion")
    if decision == Decision.NOT_ELIGIBLE:
        if not reasons:
            problems.append("reason_required")
        if not explanation:
            problems.append("explanation_required")
        return problems
    # ELIGIBLE
    if reasons:
        problems.append("reasons_on_eligible")
    if CheckResult.UNCHECKED in results:
        problems.append("unchecked")
    if not explanation and any(r in (CheckResult.NOT_MET, CheckResult.NOT_VERIFIABLE) for r in results):
        problems.append("explanation_for_not_met")
    return problems


def exclusion_problems(*, evidence: str, explanation: str) -> list[str]:
    """R-9.3: an exclusion keeps what shows the declaration false, and tells the candidate why."""
    problems = []
    if not (evidence or "").strip():
        problems.append("evidence_required")
    if not (explanation or "").strip():
        problems.append("explanation_required")
    return problems


def obviously_eligible(check_results: Iterable[str]) -> bool:
    """The bulk "eligible": every criterion checked and met (R-18.3); a position without criteria is not
    obvious (nothing was checked)."""
    results = list(check_results)
    return bool(results) and all(r == CheckResult.MET for r in results)


def missing_required_documents(required_slots: Iterable[str], attached_slots: Iterable[str]) -> list[str]:
    """R-9.2.2 ("incomplete applications are rejected"): the required documents the submission lacks."""
    attached = set(attached_slots)
    return [slot for slot in required_slots if slot not in attached]


# --- what HR checks ---------------------------------------------------------------------------------


def criterion_kind(requirement_kind: str, is_advantage: bool) -> str | None:
    """R-18.1, R-18.2: a requirement of the announcement is a criterion checked in the preliminary
    verification, general (R-9.1.4) or specific to the position; one marked as an advantage is weighed later
    in the evaluation, not checked here (None)."""
    if is_advantage:
        return None
    return CriterionKind.GENERAL if requirement_kind == "general" else CriterionKind.SPECIFIC


def document_is_criterion(required: bool) -> bool:
    """R-18.1 with R-9.2.2: each required document is a criterion; an optional one ("if any", F1) is not."""
    return bool(required)


CRITERIA_ORDER = {CriterionKind.GENERAL: 0, CriterionKind.SPECIFIC: 1, CriterionKind.DOCUMENT: 2}


def criteria_in_order(criteria: Iterable[dict]) -> list[dict]:
    """The check rows as HR reads them: the general requirements first (R-9.1.4), then the position's own,
    then the documents; within a kind, as the announcement lists them (a stable sort keeps that order)."""
    return sorted(criteria, key=lambda c: CRITERIA_ORDER[c["kind"]])


# --- the 15 days ---------------------------------------------------------------------------------


def shortlist_deadline_applies(rule_set: str) -> bool:
    """R-18.5's 15 days bind procedures under regulation 01/2024 only. A historical procedure recruited under
    other rules (KQZ's 2023 competition under regulation 03/2017, Albania's Formulari nr. 1) kept its own
    time limits: the portal shows it no deadline, no lateness and sends no reminder for it."""
    return rule_set == RuleSet.KQZ_01_2024


def shortlist_deadline(closed_at: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """R-18.5: the last calendar day on which the shortlist (and R-18.6's decisions) may be published.

    Decision (the article is silent): days are calendar days in the institution's time zone, and day 1
    is the day AFTER the final closing (the day of the event is not counted, as deadlines in days are
    counted in Kosovo's administrative procedure). A position closing on 24.03 at 16:00 must have its
    list out by the end of 08.04.
    """
    return closed_at.astimezone(tz).date() + dt.timedelta(days=SHORTLIST_DAYS)


def days_elapsed(closed_at: dt.datetime, now: dt.datetime, tz: dt.tzinfo) -> int:
    """Calendar days since the final closing (0 on the closing day itself, 1 the day after)."""
    return (now.astimezone(tz).date() - closed_at.astimezone(tz).date()).days


def days_left(closed_at: dt.datetime, now: dt.datetime, tz: dt.tzinfo) -> int:
    """R-18.5: days left until the deadline day, that day included as 0 ("today is the last day");
    negative once the deadline has passed."""
    return (shortlist_deadline(closed_at, tz) - now.astimezone(tz).date()).days


def reminder_stage(closed_at: dt.datetime, now: dt.datetime, tz: dt.tzinfo) -> int | None:
    """Which reminder is due to HR: 10 after ten days, 13 after thirteen (the latest reached, so a task that
    did not run on day 10 still sends one; each stage is sent once, by its dedupe key). None before day 10."""
    elapsed = days_elapsed(closed_at, now, tz)
    reached = [stage for stage in REMINDER_DAYS if elapsed >= stage]
    return max(reached) if reached else None


# --- Publication ---------------------------------------------------------------------------------------


def may_publish(decisions: Iterable[str]) -> bool:
    """R-18.3 … R-18.6: the list is published once every submitted application is decided."""
    return all(d != Decision.UNDECIDED for d in decisions)


def shortlist_sort_key(last_name: str, first_name: str, tiebreak: str = "") -> tuple:
    """R-18.4 "sipas rendit alfabetik", in the 36-letter Albanian alphabet (recruitment.lib.albanian).

    Decision (the article is silent): by last name, then first name, as official lists of persons
    are kept; ``tiebreak`` (the reference number) makes the order total for namesakes.
    """
    return (albanian.sort_key(last_name or ""), albanian.sort_key(first_name or ""), tiebreak)


def shortlist_order(people: Iterable[dict]) -> list[dict]:
    """Sort dicts with "last_name", "first_name" (and "reference") into the shortlist's order."""
    return sorted(
        people,
        key=lambda p: shortlist_sort_key(
            p.get("last_name", ""), p.get("first_name", ""), p.get("reference", "")
        ),
    )
