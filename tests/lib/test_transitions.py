"""One move along a transition table for every service (recruitment.lib.transitions)."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db.models import TextChoices

from recruitment.lib.transitions import mover, transition


class Status(TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    CLOSED = "closed", "Closed"


TABLE = {Status.DRAFT: {Status.SENT}, Status.SENT: {Status.CLOSED}, Status.CLOSED: set()}
MESSAGE = "A thing cannot go from “%(current)s” to “%(target)s”."


def test_an_allowed_move_sets_the_field():
    thing = SimpleNamespace(status="draft")
    assert transition(thing, Status.SENT, table=TABLE, message=MESSAGE) is True
    assert thing.status == "sent"


def test_a_move_the_table_does_not_allow_is_refused_naming_both_states_by_their_labels():
    thing = SimpleNamespace(status="draft")
    with pytest.raises(ValidationError) as refused:
        transition(thing, Status.CLOSED, table=TABLE, labels=Status, message=MESSAGE)
    assert refused.value.messages == ["A thing cannot go from “Draft” to “Closed”."]
    assert thing.status == "draft"


def test_a_bound_mover_raises_the_service_s_own_error_and_reads_another_field():
    move = mover(TABLE, Status, ValueError, MESSAGE, field="state")
    thing = SimpleNamespace(state="closed")
    with pytest.raises(ValueError, match="from “Closed” to “Draft”"):
        move(thing, Status.DRAFT)


def test_an_idempotent_move_to_the_state_held_does_nothing():
    move = mover(TABLE, None, ValueError, MESSAGE, idempotent=True)
    thing = SimpleNamespace(status="sent")
    assert move(thing, Status.SENT) is False
    assert move(thing, Status.CLOSED) is True and thing.status == "closed"
