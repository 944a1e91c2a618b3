"""R-33.4, R-35, R-38: suspensions, the mentor, the evaluation request and meeting."""

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from recruitment.permissions import require_hr_of

from .. import rules
from ..choices import CATEGORY_RANK, SuspensionCause
from ..models import Probation, Suspension
from .common import (
    ProbationError,
    _locked,
    _record_and_tell,
    _refuse,
    _require_running,
    _today,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# --- suspensions ------------------------------------------------------------------------------------


def suspension_record(
    *,
    actor: "User",
    probation: Probation,
    cause: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Suspension:
    """HR records a suspension (R-33.4); the end and every clock move by its length."""
    now = now or timezone.now()
    require_hr_of(actor, probation.institution_id)
    if cause not in SuspensionCause.values:
        raise ProbationError(_("Unknown cause."))
    with transaction.atomic():
        probation = _locked(probation)
        _require_running(probation)
        end = probation.end(_today(probation, now))
        _refuse(
            rules.r33_4_suspension_problems(
                act_date=probation.act_date, end=end, start=starts_on, stop=ends_on, cause=cause, note=note
            )
        )
        suspension = Suspension.objects.create(
            probation=probation,
            cause=cause,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note.strip(),
            recorded_by=actor,
            recorded_at=now,
        )
        new_end = rules.r33_4_end(
            probation.act_date,
            [(s.starts_on, s.ends_on) for s in probation.suspensions.all()] + [(starts_on, ends_on)],
            extension_months=probation.extension_months,
            as_of=_today(probation, now),
        )
        _record_and_tell(
            probation,
            actor=actor,
            action="probation.suspended",
            data={
                "suspension": suspension.pk,
                "cause": cause,
                "from": starts_on,
                "to": ends_on,
                "end": new_end,
            },
            template="probation_suspended",
            key=f"suspension:{suspension.pk}",
            context={"suspension": suspension, "end": new_end, "open": ends_on is None},
        )
    return suspension


def suspension_end(
    *, actor: "User", suspension: Suspension, ends_on: dt.date, now: dt.datetime | None = None
) -> Suspension:
    """HR records the last day of an open suspension (R-33.4: "pas përfundimit të shkakut")."""
    now = now or timezone.now()
    require_hr_of(actor, suspension.probation.institution_id)
    with transaction.atomic():
        probation = _locked(suspension.probation)
        _require_running(probation)
        suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
        if suspension.ends_on is not None:
            raise ProbationError(_("This suspension has ended already."))
        if ends_on < suspension.starts_on:
            _refuse(["ends_before_it_starts"])
        suspension.ends_on = ends_on
        suspension.save(update_fields=["ends_on"])
        probation = _locked(probation)
        end = probation.end()
        _record_and_tell(
            probation,
            actor=actor,
            action="probation.suspension_ended",
            data={"suspension": suspension.pk, "to": ends_on, "end": end},
            template="probation_suspended",
            key=f"suspension-end:{suspension.pk}",
            context={"suspension": suspension, "end": end, "open": False},
        )
    return suspension


# --- the mentor ---------------------------------------------------------------------------------------


def mentor_assign(
    *,
    actor: "User",
    probation: Probation,
    name: str,
    unit: str,
    category: str,
    in_post_since: dt.date,
    colleagues=(),
    now: dt.datetime | None = None,
) -> Probation:
    """HR records the mentor the supervisor assigned (R-35.2), checked against the facts given: the same unit,
    the same or a higher category (R-35.3), nobody of the unit and category longer in the post among
    ``colleagues``."""
    now = now or timezone.now()
    require_hr_of(actor, probation.institution_id)
    if not name.strip():
        raise ProbationError(_("Name the mentor."))
    if category not in CATEGORY_RANK:
        raise ProbationError(_("Unknown category."))
    mentor = rules.Colleague(
        name=name.strip(), unit=unit.strip(), category=category, in_post_since=in_post_since
    )
    with transaction.atomic():
        probation = _locked(probation)
        _require_running(probation)
        _refuse(
            rules.r35_mentor_problems(
                mentor, unit=probation.unit, category=probation.category, colleagues=colleagues
            )
        )
        probation.mentor_name = mentor.name
        probation.mentor_unit = mentor.unit
        probation.mentor_category = category
        probation.mentor_in_post_since = in_post_since
        probation.mentor_assigned_on = _today(probation, now)
        probation.save(
            update_fields=[
                "mentor_name",
                "mentor_unit",
                "mentor_category",
                "mentor_in_post_since",
                "mentor_assigned_on",
            ]
        )
        _record_and_tell(
            probation,
            actor=actor,
            action="probation.mentor_assigned",
            kind="probation.mentor",
            data={
                "category": category,
                "in_post_since": in_post_since,
                "colleagues_checked": len(list(colleagues)),
            },
            template="probation_mentor",
            key=f"mentor:{probation.mentor_assigned_on}:{mentor.name}",
            context={},
        )
    return probation


# --- the evaluation -----------------------------------------------------------------------------------


def evaluation_request_record(
    *, actor: "User", probation: Probation, requested_on: dt.date, now: dt.datetime | None = None
) -> Probation:
    """HR records its written request to the direct supervisor for the evaluation (R-38.1)."""
    now = now or timezone.now()
    require_hr_of(actor, probation.institution_id)
    with transaction.atomic():
        probation = _locked(probation)
        _require_running(probation)
        if requested_on > _today(probation, now):
            raise ProbationError(_("The request cannot be dated in the future."))
        probation.evaluation_requested_on = requested_on
        probation.save(update_fields=["evaluation_requested_on"])
        by = rules.r38_1_evaluation_request_by(probation.end())
        audit_log(
            actor=actor,
            action="probation.evaluation_requested",
            obj=probation,
            data={"on": requested_on, "due": by, "late": requested_on > by},
        )
    return probation


def meeting_record(
    *,
    actor: "User",
    probation: Probation,
    meeting_on: dt.date,
    announced_on: dt.date,
    now: dt.datetime | None = None,
) -> Probation:
    """HR records the evaluation meeting the supervisor set and the day its notice reached the employee: no
    later than R-38.2's day before the end, announced at least 3 days ahead (R-38.3). The employee is told."""
    now = now or timezone.now()
    require_hr_of(actor, probation.institution_id)
    with transaction.atomic():
        probation = _locked(probation)
        _require_running(probation)
        end = probation.end(_today(probation, now))
        _refuse(rules.r38_meeting_problems(end=end, meeting_on=meeting_on, announced_on=announced_on))
        probation.meeting_on = meeting_on
        probation.meeting_announced_on = announced_on
        probation.save(update_fields=["meeting_on", "meeting_announced_on"])
        _record_and_tell(
            probation,
            actor=actor,
            action="probation.meeting_set",
            kind="probation.meeting",
            data={"meeting_on": meeting_on, "announced_on": announced_on, "end": end},
            template="probation_meeting",
            key=f"meeting:{meeting_on}",
            context={"meeting_on": meeting_on},
        )
    return probation
