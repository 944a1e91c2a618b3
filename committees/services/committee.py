"""A committee's profile: its creation and its changes until the draw is announced (R-13, R-14, R-15)."""

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_log, text_digest
from recruitment.permissions import require_hr_of

from .. import rules
from ..models import Committee, CommitteeStatus, MemberPool
from .common import _locked_committee

if TYPE_CHECKING:
    from django.contrib.auth.models import User

if TYPE_CHECKING:
    pass


# --- The committee ---------------------------------------------------------------------------------------

_PROFILE_FIELDS = ("composition", "pool", "responsible_unit", "require_trained")
_ALWAYS_EDITABLE = ("evaluation_from", "evaluation_until", "candidate_names")


def _check_committee(committee: Committee) -> None:
    position = committee.position
    if committee.pool.institution_id != position.announcement.institution_id:
        raise ValidationError({"pool": _("The list must be the one approved by the position's institution.")})
    if committee.composition not in rules.COMPOSITIONS:
        raise ValidationError(
            {"composition": _("Choose the composition: the position's category names none.")}
        )
    problems = rules.composition_problems(
        rule_set=position.announcement.rule_set, category=position.category, composition=committee.composition
    )
    if problems:
        raise ValidationError({"composition": problems})
    if (
        committee.evaluation_from
        and committee.evaluation_until
        and committee.evaluation_until < committee.evaluation_from
    ):
        raise ValidationError({"evaluation_until": _("The evaluation cannot end before it starts.")})


@transaction.atomic
def committee_create(
    *,
    position,
    pool: MemberPool,
    actor: "User",
    fields=(),
    composition: str | None = None,
    responsible_unit: str | None = None,
    evaluation_from: dt.date | None = None,
    evaluation_until: dt.date | None = None,
    require_trained: bool = False,
    candidate_names: str = "",
) -> Committee:
    require_hr_of(actor, position.announcement.institution_id)
    committee = Committee(
        position=position,
        pool=pool,
        created_by=actor,
        composition=composition
        or rules.composition_for_position(position.category, position.scoring_scheme)
        or "",
        responsible_unit=position.department if responsible_unit is None else responsible_unit,
        evaluation_from=evaluation_from,
        evaluation_until=evaluation_until,
        require_trained=require_trained,
        candidate_names=candidate_names,
    )
    _check_committee(committee)
    if Committee.objects.filter(position=position).exists():
        raise ValidationError(_("This position already has a committee."))
    committee.save()
    committee.fields.set(fields)
    audit_log(
        actor=actor,
        action="committee.created",
        obj=committee,
        data={"position": position.pk, "composition": committee.composition, "pool": pool.pk},
    )
    return committee


def _for_the_log(name: str, value) -> str:
    """A field's value as the audit chain keeps it: the candidates' names only as their SHA-256 (the chain is
    append-only and never erased; the list itself stays on the committee)."""
    return f"sha256:{text_digest(str(value))}" if name == "candidate_names" else str(value)


@transaction.atomic
def committee_update(*, committee: Committee, actor: "User", fields=None, **changes) -> Committee:
    """Change the committee's profile. What the draw depends on (composition, pool, fields, unit,
    training) is frozen once the draw is announced; dates and the candidate list stay editable."""
    require_hr_of(actor, committee.institution_id)
    locked = _locked_committee(committee)
    allowed = _ALWAYS_EDITABLE + (_PROFILE_FIELDS if locked.status == CommitteeStatus.DRAFT else ())
    frozen = [name for name in changes if name not in allowed] + (
        ["fields"] if fields is not None and locked.status != CommitteeStatus.DRAFT else []
    )
    if frozen:
        raise ValidationError(
            _("These can no longer change, the draw being announced: %(names)s.")
            % {"names": ", ".join(frozen)}
        )
    before = {name: _for_the_log(name, getattr(locked, name)) for name in changes}
    for name, value in changes.items():
        setattr(locked, name, value)
    _check_committee(locked)
    locked.save()
    if fields is not None:
        locked.fields.set(fields)
    audit_log(
        actor=actor,
        action="committee.updated",
        obj=locked,
        data={
            "before": before,
            "after": {name: _for_the_log(name, value) for name, value in changes.items()},
            "fields": sorted(f.code for f in fields) if fields is not None else None,
        },
    )
    return locked
