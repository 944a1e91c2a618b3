"""Reads of the appeals app: who sees which appeal (404 for the rest), the facts the rules of R-32 and R-40
need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from applications.choices import ApplicationStatus
from recruitment.permissions import hr_institution_ids
from scoring.models import EvaluationResult
from vacancies.rules import r32_appeal_applies

from . import rules
from .choices import AppealKind, AppealState
from .models import Appeal

_RELATED = ("institution", "application__position__announcement__institution", "appellant")


def appeals_for_hr(*, user, state: str | None = None) -> QuerySet[Appeal]:
    """The appeals of the institutions whose HR unit the user belongs to, newest first."""
    qs = Appeal.objects.filter(institution_id__in=hr_institution_ids(user)).select_related(*_RELATED)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("state", "-filed_on", "-id")


def get_appeal_for_hr(user, pk: int | str) -> Appeal:
    """The appeal, for HR of its institution; 404 for anyone else (no hint that it exists)."""
    try:
        return appeals_for_hr(user=user).get(pk=pk)
    except (Appeal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_appeal_for_user(user, pk: int | str) -> Appeal:
    """The appeal, for its appellant or HR of its institution; 404 for anyone else."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        appeal = Appeal.objects.select_related(*_RELATED).get(pk=pk)
    except (Appeal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if appeal.appellant_id != user.pk and appeal.institution_id not in hr_institution_ids(user):
        raise Http404
    return appeal


def published_on(application) -> dt.date | None:
    """The date (in the institution's time zone) the final results of the application's position were
    published."""
    result = (
        EvaluationResult.objects.filter(
            evaluation__position_id=application.position_id, published_at__isnull=False
        )
        .only("published_at")
        .first()
    )
    if result is None:
        return None
    return timezone.localdate(result.published_at, application.position.announcement.institution.tzinfo)


def published_on_by_position(position_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """{position_id: published_at} of the published results of these positions, in one query."""
    rows = EvaluationResult.objects.filter(
        evaluation__position_id__in=set(position_ids), published_at__isnull=False
    ).values_list("evaluation__position_id", "published_at")
    return {position_id: published_at for position_id, published_at in rows if published_at is not None}


def r32_facts(application, *, filed_on: dt.date, today: dt.date, days: int) -> dict:
    """The plain values rules.r32_problems reads, for one application (which must carry its position,
    announcement and institution)."""
    announcement = application.position.announcement
    return {
        "procedure_under_01_2024": r32_appeal_applies(announcement.rule_set),
        "category": application.position.category,
        "submitted": application.status == ApplicationStatus.SUBMITTED,
        "published_on": published_on(application),
        "filed_on": filed_on,
        "today": today,
        "days": days,
        "already": Appeal.objects.filter(application=application, kind=AppealKind.RESULTS).exists(),
    }


def r32_open_window(application, *, today: dt.date, days: int) -> tuple[bool, dt.date | None]:
    """Whether the applicant may appeal the results today, and the last day (None before the publication)."""
    facts = r32_facts(application, filed_on=today, today=today, days=days)
    last = rules.r32_last_day(facts["published_on"], days) if facts["published_on"] else None
    return not rules.r32_problems(**facts), last


def open_appeals_count(institution_ids: Iterable[int]) -> int:
    return Appeal.objects.filter(institution_id__in=institution_ids, state=AppealState.RECEIVED).count()
