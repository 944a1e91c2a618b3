"""Issue 13: after the chain's lock, an audited act of a person reads the chain's last link and the person's
pseudonym in one statement (audit.services._chain_head); the events are what the two reads gave: the first
act creates the pseudonym, the next ones reuse it, an erased link gives a new one, and the chain verifies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import GENESIS_HASH, Event, Pseudonym
from audit.services import audit_log, audit_verify, pseudonym_erase, pseudonym_of

pytestmark = pytest.mark.django_db


def _after_the_lock(queries) -> list[str]:
    sqls = [q["sql"] for q in queries]
    start = next(i for i, sql in enumerate(sqls) if "pg_advisory_xact_lock" in sql)
    return sqls[start + 1 :]


def test_on_an_empty_chain_a_persons_first_act_starts_it_and_creates_the_pseudonym(applicant):
    Event.objects.all().delete()
    event = audit_log(actor=applicant, action="test.first")
    assert event.seq == 1 and event.prev_hash == GENESIS_HASH
    assert event.actor_repr == pseudonym_of(applicant) and event.actor_repr.startswith("p-")
    assert Pseudonym.objects.filter(user=applicant).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one statement is PostgreSQL's")
def test_the_last_link_and_the_pseudonym_come_in_one_statement_after_the_lock(applicant):
    first = audit_log(actor=applicant, action="test.first")
    with CaptureQueriesContext(connection) as ctx:
        second = audit_log(actor=applicant, action="test.second")
    after = _after_the_lock(ctx.captured_queries)
    assert len(after) == 2 and after[1].startswith("INSERT")  # the read, then the event
    assert '"audit_event"' in after[0] and '"audit_pseudonym"' in after[0]
    assert second.seq == first.seq + 1 and second.prev_hash == first.hash
    assert second.actor_repr == first.actor_repr
    assert Pseudonym.objects.filter(user=applicant).count() == 1
    assert audit_verify(use_stored_checkpoint=False) == []


def test_after_erasure_the_persons_next_act_gets_a_new_pseudonym(applicant):
    before = audit_log(actor=applicant, action="test.before")
    assert pseudonym_erase(user=applicant) == 1
    after = audit_log(actor=applicant, action="test.after")
    assert after.actor_repr.startswith("p-") and after.actor_repr != before.actor_repr
    assert pseudonym_of(applicant) == after.actor_repr


def test_the_system_and_named_processes_read_no_pseudonym(applicant):
    with CaptureQueriesContext(connection) as ctx:
        system = audit_log(actor=None, action="test.system")
        named = audit_log(actor="retention", action="test.named")
    assert system.actor_repr == "system" and named.actor_repr == "retention"
    assert not any('"audit_pseudonym"' in q["sql"] for q in ctx.captured_queries)
    assert named.prev_hash == system.hash
