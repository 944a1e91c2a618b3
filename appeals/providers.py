"""What the appeals app tells other pages: the applicant's "My applications" (recruitment.lib.later_steps) and
HR's "Due this week" (recruitment.lib.due_items). Each provider reads in a few queries, never one per row."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.choices import ApplicationStatus
from recruitment.lib.due_items import DueItem
from recruitment.lib.later_steps import STAGE_EMPLOYMENT_APPEAL, STAGE_RESULTS, Step
from scoring.models import EvaluationResult
from vacancies.rules import r32_appeal_applies

from . import probation_link, rules, selectors
from .choices import AppealKind, AppealState
from .models import Appeal


def has_appeal():
    """Whether the application has an appeal (read with the rows of "My applications":
    recruitment.lib.later_steps)."""
    return Exists(Appeal.objects.filter(application_id=OuterRef("pk")))


def results_published_at():
    """When the results of the application's position were published (one result per position), or None."""
    return Subquery(
        EvaluationResult.objects.filter(
            evaluation__position_id=OuterRef("position_id"), published_at__isnull=False
        ).values("published_at")[:1]
    )


# What later_steps reads about each application with the page's rows, in place of this provider's queries.
READS = {"appeals_has_appeal": has_appeal, "appeals_results_published_at": results_published_at}


def later_steps(applications: list) -> dict[int, list[Step]]:
    """Per application: the appeals lodged and decided (R-32, R-40), and while R-32's time runs, the offer to
    appeal the final results."""
    found: dict[int, list[Step]] = {}
    read = all(hasattr(a, name) for a in applications for name in READS)
    ids = [a.pk for a in applications if not read or a.appeals_has_appeal]
    appealed: set[int] = set()
    appeals = Appeal.objects.filter(application_id__in=ids).order_by("filed_on", "pk") if ids else ()
    for appeal in appeals:
        url = reverse("appeals:detail", args=[appeal.pk])
        if appeal.kind == AppealKind.RESULTS:
            appealed.add(appeal.application_id)
        steps = found.setdefault(appeal.application_id, [])
        # An appeal against the results stands beside the result; one against the probation's decision after
        # it.
        stage = STAGE_RESULTS if appeal.kind == AppealKind.RESULTS else STAGE_EMPLOYMENT_APPEAL
        steps.append(
            Step(
                at=appeal.filed_on,
                text=_("Appeal to KPMSHCK lodged (%(kind)s).") % {"kind": appeal.get_kind_display()},
                url=url,
                link_text=_("See the appeal"),
                order=10,
                status=_("Appeal lodged with KPMSHCK: awaiting its decision."),
                stage=stage,
            )
        )
        if appeal.state == AppealState.DECIDED:
            steps.append(
                Step(
                    at=appeal.decided_on,
                    text=_("KPMSHCK decided the appeal: %(decision)s. %(effect)s.")
                    % {"decision": appeal.get_decision_display(), "effect": appeal.get_effect_display()},
                    url=url,
                    link_text=_("See the decision"),
                    order=11,
                    status=_("KPMSHCK decided your appeal: %(decision)s.")
                    % {"decision": appeal.get_decision_display()},
                    stage=stage,
                )
            )
    # the offer to appeal, while the time runs, to a candidate of the four categories under 01/2024.
    days = settings.APPEAL_RESULTS_DAYS
    eligible = [
        a
        for a in applications
        if a.pk not in appealed
        and a.status == ApplicationStatus.SUBMITTED
        and a.position.category in rules.R32_CATEGORIES
        and r32_appeal_applies(a.position.announcement.rule_set)
    ]
    if eligible:
        published = (
            {a.position_id: a.appeals_results_published_at for a in eligible}
            if read
            else selectors.published_on_by_position(a.position_id for a in eligible)
        )
        for application in eligible:
            published_at = published.get(application.position_id)
            if published_at is None:
                continue
            tz = application.position.announcement.institution.tzinfo
            published_on = timezone.localdate(published_at, tz)
            last = rules.r32_last_day(published_on, days)
            if timezone.localdate(timezone.now(), tz) > last:
                continue
            found.setdefault(application.pk, []).append(
                Step(
                    at=published_on,
                    text=_(
                        "If you are not satisfied with the recruitment, you may appeal the final results to "
                        "KPMSHCK (R-32)."
                    ),
                    url=reverse("appeals:lodge", args=[application.pk]),
                    link_text=_("Appeal to KPMSHCK"),
                    due=last,
                    order=9,
                )
            )
    return found


def due_items(institution_ids: set[int], start: dt.date, end: dt.date) -> list[DueItem]:
    """Appeals awaiting KPMSHCK's decision (HR records it when it arrives), and posts held vacant by R-40.2
    whose time to appeal runs out in the window (released automatically the day after)."""
    items: list[DueItem] = []
    for appeal in (
        Appeal.objects.filter(institution_id__in=institution_ids, state=AppealState.RECEIVED)
        .select_related("application__position", "appellant")
        .order_by("filed_on", "pk")
    ):
        if appeal.kind == AppealKind.RESULTS:
            text = _(
                "Appeal to KPMSHCK against the results of “%(position)s”, lodged on %(date)s: record "
                "KPMSHCK's decision when it arrives."
            )
            article = "R-32"
        else:
            text = _(
                "Appeal to KPMSHCK against a decision not to confirm (“%(position)s”), lodged on %(date)s: "
                "the post stays vacant until KPMSHCK decides; record the decision when it arrives."
            )
            article = "R-40"
        items.append(
            DueItem(
                due=max(start, appeal.filed_on),
                text=text
                % {
                    "position": appeal.application.position.title,
                    "date": appeal.filed_on.strftime("%d.%m.%Y"),
                },
                article=article,
                institution_id=appeal.institution_id,
                url=reverse("appeals:hr_detail", args=[appeal.pk]),
            )
        )
    try:
        probations = list(probation_link.terminated_probations(institution_ids))
    except (probation_link.LinkMissing, ImportError, LookupError):
        return items
    if not probations:
        return items
    appealed = set(
        Appeal.objects.filter(
            kind=AppealKind.PROBATION, probation_id__in=[p.pk for p in probations]
        ).values_list("probation_id", flat=True)
    )
    for probation in probations:
        decided_on = probation_link.termination_date(probation)
        if probation.pk in appealed or decided_on is None:
            continue
        last = rules.r40_last_day(decided_on)
        if start <= last <= end:
            items.append(
                DueItem(
                    due=last,
                    text=_(
                        "Post of %(employee)s held vacant (R-40.2): the time to appeal the decision not to "
                        "confirm ends; without an appeal the post is released the day after."
                    )
                    % {"employee": probation.employee},
                    article="R-40",
                    institution_id=probation.institution_id,
                    url=reverse("appeals:hr_list"),
                )
            )
    return items
