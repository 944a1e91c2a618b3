"""Deleting through the admin is a service: the permission is asked again, the row locked, the guards of its
model consulted, and one audit event written per deleted object (with what the delete cascaded to), all in
one transaction. audit/sites.py routes every ModelAdmin's deletes (one, several, inline rows) here.

A model refuses deletion for a reason of its own by a guard registered here by its app (for example
vacancies: a published or closed announcement is never deleted, by anyone).
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import Collector

from .services import audit_log

# model class -> [guard(obj) -> str | None]: the reason the object may not be deleted, or None.
_guards: dict[type[models.Model], list] = {}


def register_delete_guard(model: type[models.Model], guard) -> None:
    _guards.setdefault(model, []).append(guard)


def delete_refusal(obj: models.Model) -> str | None:
    """Why `obj` may not be deleted by anyone (a guard of its model or of a parent class), or None."""
    for model in type(obj).__mro__:
        for guard in _guards.get(model, []):
            reason = guard(obj)
            if reason:
                return str(reason)
    return None


# Fields that hold personal data: their values stay out of the append-only chain, which nobody can erase
# later.
PERSONAL_FIELD_NAMES = frozenset(
    {
        "email",
        "username",
        "password",
        "first_name",
        "last_name",
        "full_name",
        "parent_name",
        "personal_number",
        "phone",
        "address",
        "birth_date",
        "date_of_birth",
        "candidate_names",
        "to",
        "subject",
        "body",
        "html_body",
    }
)
# A row with one of these is a person's row (an account, a profile, a member of a pool): none of its texts and
# not its name are kept; its numbers, flags and keys are.
PERSON_ROW_FIELDS = frozenset({"first_name", "last_name", "full_name", "personal_number"})
WITHHELD = "(personal data, not kept in the audit log)"


def is_person_row(model: type[models.Model]) -> bool:
    names = {f.name for f in model._meta.concrete_fields}
    # ... or a "name" beside the person's account (a pool member: committees.PoolMember).
    return issubclass(model, get_user_model()) or bool(names & PERSON_ROW_FIELDS) or {"name", "user"} <= names


def _has_personal_field(model: type[models.Model]) -> bool:
    return any(
        f.name in PERSONAL_FIELD_NAMES or isinstance(f, models.EmailField)
        for f in model._meta.concrete_fields
    )


def _snapshot(obj: models.Model) -> dict:
    person = is_person_row(type(obj))
    fields = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, int | float | bool | type(None)):
            fields[field.attname] = value
        elif person or field.name in PERSONAL_FIELD_NAMES or isinstance(field, models.EmailField):
            fields[field.attname] = WITHHELD
        else:
            fields[field.attname] = str(value)
    return fields


def _name(obj: models.Model) -> str:
    """What the event calls the deleted object: its own name, or only its kind and key for a row with personal
    data (a person's row is named after the person; a message after its address)."""
    if is_person_row(type(obj)) or _has_personal_field(type(obj)):
        return f"{obj._meta.label_lower} #{obj.pk}"
    return str(obj)[:500]


def object_delete(*, actor, obj: models.Model, may_delete, via: str = "admin") -> None:
    """Delete `obj` for `actor`, who passed `may_delete(obj)` (the admin's has_delete_permission, asked again
    on the locked row). Raises PermissionDenied, or ValidationError when a guard refuses; nothing is
    half-deleted."""
    model = type(obj)
    using = router.db_for_write(model, instance=obj)
    with transaction.atomic(using=using):
        locked = model._default_manager.using(using).select_for_update().filter(pk=obj.pk).first()
        if locked is None:
            return  # already gone: deleting twice is deleting once
        if not may_delete(locked):
            raise PermissionDenied
        refusal = delete_refusal(locked)
        if refusal:
            raise ValidationError(refusal)
        collector = Collector(using=using)
        collector.collect([locked])
        for instances in collector.data.values():
            for related in instances:
                if related is not locked and (reason := delete_refusal(related)):
                    raise ValidationError(reason)
        cascade = Counter()
        for related_model, instances in collector.data.items():
            if related_model is not model:
                cascade[related_model._meta.label_lower] += len(instances)
        for qs in collector.fast_deletes:
            cascade[qs.model._meta.label_lower] += qs.count()
        audit_log(
            actor=actor,
            action=f"{via}.delete",
            obj=locked,
            data={"object": _name(locked), "fields": _snapshot(locked), "cascade": dict(cascade)},
        )
        locked.delete()
