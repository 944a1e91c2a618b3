"""Completing or publishing from several browsers at once does it once: the evaluation's row is locked, so one
snapshot is stored and every candidate is told exactly once (R-25.4)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from applications.models import ApplicationEvent
from notifications.models import Message
from scoring import services
from scoring.models import EvaluationResult
from tests.scoring.results_helpers import approve_act, candidate, submit_sheets, written_and_interviews

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def at_once(n, action) -> list[str]:
    barrier, outcomes = threading.Barrier(n), []

    def run():
        try:
            barrier.wait()
            action()
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_concurrent_completion_and_publication_happen_once(evaluation, chair, members, hr_officer):
    entrants = [candidate(evaluation, name) for name in ("Ana Gashi", "Besa Hoxha", "Dea Krasniqi")]
    written_and_interviews(evaluation, chair, dict.fromkeys(entrants, "50"))
    for entrant in entrants:
        submit_sheets(evaluation, members, entrant, ["25"] * 5)
    assert at_once(4, lambda: services.evaluation_complete(evaluation=evaluation, actor=chair)) == [
        "ok",
        "refused",
        "refused",
        "refused",
    ]
    assert EvaluationResult.objects.count() == 1
    approve_act(evaluation)  # the committee approves its act before HR publishes it
    assert at_once(4, lambda: services.results_publish(evaluation=evaluation, actor=hr_officer)) == [
        "ok",
        "refused",
        "refused",
        "refused",
    ]
    assert Message.objects.filter(kind="scoring.result").count() == 3
    assert ApplicationEvent.objects.filter(kind="result_published").count() == 3
