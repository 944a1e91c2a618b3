"""HR's declaration of its staff by group (R-28), which R-27.1 compares with the quotas."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_log
from recruitment.permissions import require_hr_of

from ..models import Representation
from .common import EvaluationError

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def representation_save(
    *,
    actor: "User",
    institution,
    year: int,
    category: str,
    staff: int,
    with_disability: int,
    non_majority: int,
    women: int,
    men: int,
) -> Representation:
    """HR of the institution declares its staff of a category for a year (R-28), which R-27.1 compares with
    the quotas; a change is audited with the figures before and after."""
    institution_id = int(institution)
    require_hr_of(actor, institution_id)
    values = {
        "staff": staff,
        "with_disability": with_disability,
        "non_majority": non_majority,
        "women": women,
        "men": men,
    }
    if any(value < 0 or value > staff for key, value in values.items() if key != "staff"):
        raise EvaluationError(_("A group cannot be larger than the staff of the category."))
    with transaction.atomic():
        item = (
            Representation.objects.select_for_update()
            .filter(institution_id=institution_id, year=year, category=category)
            .first()
        )
        before = None if item is None else {key: getattr(item, key) for key in values}
        if item is None:
            item = Representation(institution_id=institution_id, year=year, category=category)
        for key, value in values.items():
            setattr(item, key, value)
        item.updated_by = actor
        item.save()
        audit_log(
            actor=actor,
            action="scoring.representation_saved",
            obj=item,
            data={"year": year, "category": category, "before": before, "after": values},
        )
    return item
