"""Deleting through the admin is a service: the permission is asked again, the row locked, the guards of its
model consulted, and one audit event written per deleted object (with what the delete cascaded to), all in
one transaction. audit/sites.py routes every ModelAdmin's deletes (one, several, inline rows) here.

A model refuses deletion for a reason of its own by a guard registered here by its app (for example
vacancies: a published or closed announcement is never deleted, by anyone).
"""

from collections import Counter

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


def _snapshot(obj: models.Model) -> dict:
    fields = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        fields[field.attname] = value if isinstance(value, int | float | bool | type(None)) else str(value)
    return fields


def object_delete(*, actor, obj: models.Model, may_delete, via: str = "admin") -> None:
    """Delete `obj` for `actor`, who passed `may_delete(obj)` (the admin's has_delete_permission, asked again on
    the locked row). Raises PermissionDenied, or ValidationError when a guard refuses; nothing is half-deleted."""
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
        for related_model, instances in collector.data.items():
            for related in instances:
                if related is not locked and (reason := delete_refusal(related)):
                    raise ValidationError(reason)
        cascade = Counter()
        for related_model, instances in collector.data.items():
            if related_model is not model:
                cascade[related_model._meta.label_lower] += len(instances)
        for qs in collector.fast_deletes:
            cascade[qs.model._meta.label_lower] += qs.count()
        audit_log(actor=actor, action=f"{via}.delete", obj=locked,
                  data={"object": str(locked)[:500], "fields": _snapshot(locked), "cascade": dict(cascade)})
        locked.delete()
