"""Handing in the same paper from several devices at once marks it exactly once (the candidate's row is locked)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from audit.models import Event
from scoring import services
from tests.helpers.scoring import sealed

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_concurrent_hand_ins_of_one_paper_are_marked_once(evaluation, candidates, chair):
    sealed(evaluation, chair)
    services.sitting_open(evaluation=evaluation, minutes=30, actor=chair)
    candidate = services.sitting_enter(code=candidates[0].code)
    first = evaluation.test_snapshot["questions"][0]["id"]
    n = 8
    barrier, outcomes = threading.Barrier(n), []

    def hand_in(i):
        try:
            barrier.wait()
            services.sitting_save(candidate=candidate, answers={str(first): [i % 2]}, hand_in=True)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hand_in, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] + ["refused"] * (n - 1)
    assert Event.objects.filter(action="scoring.sitting_handed_in").count() == 1
