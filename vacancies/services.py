"""Every state change of an announcement. Each one checks the actor, locks the row, applies the
rule, and writes its audit event, all in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_log
from recruitment.lib.transitions import mover
from recruitment.permissions import require_hr_of

from . import rules
from .choices import ANNOUNCEMENT_TRANSITIONS
from .models import (
    Amendment,
    Announcement,
    AnnouncementStatus,
    ClosingState,
    Position,
    Requirement,
    RequirementKind,
    RuleSet,
)
from .translation import AnnouncementTranslation, PositionTranslation

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class TransitionError(ValidationError):
    pass


def _locked(announcement: Announcement) -> Announcement:
    return Announcement.objects.select_for_update().select_related("institution").get(pk=announcement.pk)


_move = mover(
    ANNOUNCEMENT_TRANSITIONS,
    AnnouncementStatus,
    TransitionError,
    gettext_lazy("An announcement cannot go from “%(current)s” to “%(target)s”."),
)


def announcement_validate_for_publication(
    announcement: Announcement, now: dt.datetime | None = None
) -> list[str]:
    """What keeps a draft from being published, each reason with its article; empty when it is ready."""
    problems = []
    now = now or timezone.now()
    rule_set = announcement.rule_set
    today = now.astimezone(announcement.institution.tzinfo).date()
    if not rules.rule_set_in_force(rule_set, today):
        problems.append(
            _(
                "R-41, R-42: regulation 03/2017 was repealed on %(date)s; it governs only the procedures "
                "announced before. Announce under regulation 01/2024."
            )
            % {"date": rules.R42_IN_FORCE.strftime("%d.%m.%Y")}
        )
    positions = list(announcement.positions.prefetch_related("places", "requirements", "documents"))
    if not positions:
        problems.append(_("The announcement has no position."))
    for position in positions:
        counts = [p.count for p in position.places.all()]
        if not rules.place_split_matches(position.number_of_positions, counts):
            problems.append(
                _("%(position)s: the split by place adds up to %(split)s, not to the %(n)s positions.")
                % {"position": position, "split": sum(counts), "n": position.number_of_positions}
            )
        problems.extend(
            rules.scheme_problems(
                rule_set=rule_set,
                category=position.category,
                scheme=position.scoring_scheme,
                position=str(position),
            )
        )
    if rule_set == RuleSet.KQZ_01_2024:
        problems.extend(
            rules.r9_1_missing(
                announcement=_r9_1_texts(announcement), positions=[_r9_1_position(p) for p in positions]
            )
        )
        problems.extend(rules.r8_3_untranslated(_official_language_texts(announcement, positions)))
    return problems


def _r9_1_texts(announcement: Announcement) -> dict:
    keys = ["general_description", "formal_requirements"] + [
        key for _a, key, _w in rules.R9_1_ANNOUNCEMENT_TEXTS
    ]
    return {key: getattr(announcement, f"{key}_sq", None) or getattr(announcement, key) for key in keys}


def _r9_1_position(position: Position) -> dict:
    conditions = [r for r in position.requirements.all() if not r.is_advantage]
    return {
        "name": str(position),
        "title": position.title_sq,
        "grade": position.grade_sq,
        "coefficient": position.coefficient,
        "description": position.description_sq,
        "general_requirements": sum(1 for r in conditions if r.kind == RequirementKind.GENERAL),
        "formal_requirements": sum(1 for r in conditions if r.kind != RequirementKind.GENERAL),
        "documents": len(position.documents.all()),
    }


def _official_language_texts(announcement: Announcement, positions) -> list[tuple[str, str, str]]:
    """R-8.3: every text of the announcement, its positions, requirements and documents, in Albanian and
    Serbian."""
    texts = []
    # get_field(...).verbose_name: django-stubs types the field as a union with the reverse relations.
    announcement_meta: Any = Announcement._meta
    position_meta: Any = Position._meta
    for field in AnnouncementTranslation.fields:  # the announcement's translated texts
        texts.append(
            (
                str(announcement_meta.get_field(field).verbose_name),
                getattr(announcement, f"{field}_sq"),
                getattr(announcement, f"{field}_sr_latn"),
            )
        )
    for position in positions:
        for field in PositionTranslation.fields:
            if field == "salary_reference":
                continue  # a reference to the salary scale, not a text of the announcement
            texts.append(
                (
                    f"{position}: {position_meta.get_field(field).verbose_name}",
                    getattr(position, f"{field}_sq"),
                    getattr(position, f"{field}_sr_latn"),
                )
            )
        for requirement in position.requirements.all():
            texts.append(
                (f"{position}: {requirement.text_sq[:60]}", requirement.text_sq, requirement.text_sr_latn)
            )
        for document in position.documents.all():
            texts.append((f"{position}: {document.name_sq[:60]}", document.name_sq, document.name_sr_latn))
    return texts


@transaction.atomic
def announcement_publish(
    *, announcement: Announcement, actor: User, now: dt.datetime | None = None
) -> Announcement:
    require_hr_of(actor, announcement.institution_id)
    locked = _locked(announcement)
    if locked.status == AnnouncementStatus.PUBLISHED:
        return locked  # already done: publishing twice changes nothing
    _move(locked, AnnouncementStatus.PUBLISHED)
    now = now or timezone.now()
    problems = announcement_validate_for_publication(locked, now)
    if locked.closes_at <= now:
        problems.append(_("The closing date and hour has already passed."))
    locked.published_at = now
    # Applications are accepted from publication, or from a later opening if one was set.
    locked.opens_at = max(locked.opens_at, now)
    try:
        locked.full_clean()
    except ValidationError as exc:
        problems.extend(msg for msgs in exc.message_dict.values() for msg in msgs)
    if problems:
        raise ValidationError(problems)
    locked.save(update_fields=["status", "published_at", "opens_at", "updated_at"])
    audit_log(
        actor=actor,
        action="announcement.published",
        obj=locked,
        data={"reference": locked.reference, "closes_at": locked.closes_at.isoformat()},
    )
    return locked


@transaction.atomic
def announcement_close(*, announcement: Announcement, actor: User) -> Announcement:
    require_hr_of(actor, announcement.institution_id)
    locked = _locked(announcement)
    if locked.status == AnnouncementStatus.CLOSED:
        return locked
    # each position closes (or is extended) at its deadline through vacancies.closing, and
    # the announcement closes with its last position; closing it by hand before would leave positions that
    # no closing decision ever reaches (and cut the application period short, R-9.1.8).
    _move(locked, AnnouncementStatus.CLOSED)
    if locked.positions.exclude(closing_state=ClosingState.CLOSED).exists():
        raise ValidationError(
            _(
                "An announcement closes when the application period of each of its positions has "
                "closed (R-12.2, R-12.3); some positions are still open or extended."
            )
        )
    locked.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, action="announcement.closed", obj=locked, data={"reference": locked.reference})
    return locked


@transaction.atomic
def announcement_amend(
    *,
    announcement: Announcement,
    actor: User,
    reason: dict[str, str],
    closes_at: dt.datetime | None = None,
    requirement: Requirement | None = None,
    requirement_text: dict[str, str] | None = None,
) -> Amendment:
    """Change a published announcement's deadline or a requirement, as a recorded, public amendment.

    ``reason`` and ``requirement_text`` are per language: {"sq": ..., "sr_latn": ..., "en": ...}.
    """
    require_hr_of(actor, announcement.institution_id)
    locked = _locked(announcement)
    if locked.status != AnnouncementStatus.PUBLISHED:
        raise ValidationError(_("Only a published announcement is amended; a draft is simply edited."))
    if not (reason.get("sq") or "").strip():
        raise ValidationError({"reason_sq": _("Say why the announcement is amended.")})
    changes = []
    if closes_at is not None and closes_at != locked.closes_at:
        # After a closing decision (R-12.2 extension or closing) the deadline was used: changing it
        # would contradict the decision already announced.
        if locked.positions.exclude(closing_state=ClosingState.OPEN).exists():
            raise ValidationError(
                {
                    "closes_at": _(
                        "The deadline can no longer be changed: a position has already "
                        "been extended or closed at it (R-12.2, R-12.3)."
                    )
                }
            )
        if not rules.closes_after_opening(locked.opens_at, closes_at):
            raise ValidationError({"closes_at": _("The closing date and hour must come after the opening.")})
        if not rules.closing_within_application_period(
            rule_set=locked.rule_set,
            published_at=cast(dt.datetime, locked.published_at),  # amended: published
            closes_at=closes_at,
            tz=locked.institution.tzinfo,
        ):
            raise ValidationError({"closes_at": _("The new deadline is beyond the period of R-8.2.")})
        tz = locked.institution.tzinfo
        changes.append(
            {
                "field": "closes_at",
                "old": locked.closes_at.astimezone(tz).strftime("%d.%m.%Y %H:%M"),
                "new": closes_at.astimezone(tz).strftime("%d.%m.%Y %H:%M"),
            }
        )
        locked.closes_at = closes_at
        locked.save(update_fields=["closes_at", "updated_at"])
    if requirement is not None and requirement_text:
        if requirement.position.announcement_id != locked.pk:
            raise ValidationError(_("That requirement belongs to another announcement."))
        req = Requirement.objects.select_for_update().get(pk=requirement.pk)
        old = req.text_sq
        for lang, text in requirement_text.items():
            if text and text.strip():
                setattr(req, f"text_{lang}", text.strip())
        req.save()
        changes.append(
            {"field": "requirement", "position": str(req.position), "old": old, "new": req.text_sq}
        )
    if not changes:
        raise ValidationError(_("The amendment changes nothing."))
    amendment = Amendment.objects.create(
        announcement=locked,
        actor=actor,
        changes=changes,
        reason_sq=reason.get("sq", "").strip(),
        reason_sr_latn=(reason.get("sr_latn") or "").strip() or None,
        reason_en=(reason.get("en") or "").strip() or None,
    )
    audit_log(
        actor=actor,
        action="announcement.amended",
        obj=locked,
        data={"amendment": amendment.pk, "changes": changes, "reason": amendment.reason_sq},
    )
    return amendment
