"""The rows of a list edited on one page (an inline formset), passed to a service as values.

A view or an admin validates the formset and hands the service ``formset_rows(formset)``: the entries it
changed or deleted and the new ones, with their cleaned values. The service applies them with ``rows_apply``
on the related manager of the row it has locked, so it never sees a form (issue 12: services take values).
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Row:
    """One change to a list: the entry ``pk`` (None: a new one) gets ``values`` (None: it is deleted)."""

    pk: int | None
    values: dict[str, Any] | None


@dataclass
class RowsApplied:
    """What ``rows_apply`` did, in the shape of a saved formset's ``new_objects``, ``changed_objects`` (with
    the names of the fields that changed) and ``deleted_objects``."""

    added: list = field(default_factory=list)
    changed: list[tuple[Any, list[str]]] = field(default_factory=list)
    removed: list = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed), "removed": len(self.removed)}


def formset_rows(formset) -> list[Row]:
    """What a validated model formset would save, as values: the entries changed or deleted, and the new ones
    (a new form left blank or ticked for deletion is skipped, as ``formset.save()`` skips it)."""
    rows = []
    deleted = set(map(id, formset.deleted_forms)) if formset.can_delete else set()
    initial = set(map(id, formset.initial_forms))
    for form in formset.forms:
        pk = form.instance.pk if id(form) in initial else None
        if id(form) in deleted:
            if pk is not None:
                rows.append(Row(pk=pk, values=None))
            continue
        if form.has_changed():
            rows.append(Row(pk=pk, values={name: form.cleaned_data[name] for name in form._meta.fields}))
    return rows


def changed_fields(obj, values: dict[str, Any]) -> list[str]:
    """The names of ``values`` that differ from ``obj`` as it stands (a form's ``changed_data``, read against
    the row): a relation compares keys, a many-to-many the set of keys (empty for a row not saved yet)."""
    changed = []
    for name, value in values.items():
        model_field = obj._meta.get_field(name)
        if model_field.many_to_many:
            before = set(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else set()
            differs = before != {item.pk for item in value}
        elif model_field.is_relation:
            differs = getattr(obj, model_field.attname) != getattr(value, "pk", value)
        else:
            differs = getattr(obj, name) != value
        if differs:
            changed.append(name)
    return sorted(changed)


def rows_apply(entries, rows: list[Row]) -> RowsApplied:
    """Apply ``rows`` to a related manager (``profile.education``, ``member.unavailabilities``): an entry
    outside it is not found (DoesNotExist), so a row can only change its owner's list."""
    done = RowsApplied()
    for row in rows:
        if row.pk is None:
            if row.values is not None:
                done.added.append(entries.create(**row.values))
            continue
        entry = entries.get(pk=row.pk)
        if row.values is None:
            entry.delete()
            done.removed.append(entry)
            continue
        changed = changed_fields(entry, row.values)
        for name, value in row.values.items():
            setattr(entry, name, value)
        entry.save()
        done.changed.append((entry, changed))
    return done
