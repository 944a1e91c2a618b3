"""One move along a transition table (the ``*_TRANSITIONS`` of an app's choices or models), for every service.

The service locks the row, calls ``transition`` (which refuses a move the table does not allow, naming both
states by their labels, and sets the field), then saves and audits as part of its own transaction.
"""

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def transition(
    obj: Any,
    target: str,
    *,
    table: Mapping[Any, Collection[Any]],
    message: "str | _StrPromise",
    labels: Callable[[str], Any] | None = None,
    error: Callable[[str], Exception] = ValidationError,
    field: str = "status",
    idempotent: bool = False,
) -> bool:
    """Move ``obj.<field>`` to ``target`` if ``table`` allows it; else raise ``error(message)``, the message's
    ``%(current)s`` and ``%(target)s`` filled with the states' labels (``labels``: the Choices class, whose
    member's ``.label`` is used). ``idempotent``: a move to the state already held does nothing and returns
    False (a second click, a retried request). Returns True when the field was set."""
    current = getattr(obj, field)
    if idempotent and current == target:
        return False
    if target not in table.get(current, ()):

        def label(value: str) -> Any:
            return labels(value).label if labels is not None else value

        raise error(str(message) % {"current": label(current), "target": label(target)})
    setattr(obj, field, target)
    return True


def mover(
    table: Mapping[Any, Collection[Any]],
    labels: Callable[[str], Any] | None,
    error: Callable[[str], Exception],
    message: "str | _StrPromise",
    **options: Any,
) -> Callable[[Any, str], bool]:
    """``transition`` bound to one table, for a service module: ``_move = mover(TABLE, Status, Error, msg)``,
    then ``_move(obj, target)``. ``message`` is a lazy text (read when a move is refused, in the reader's
    language); ``options``: ``field``, ``idempotent``."""

    def move(obj: Any, target: str) -> bool:
        return transition(obj, target, table=table, labels=labels, error=error, message=message, **options)

    return move
