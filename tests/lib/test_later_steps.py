"""The applicant's pages show what the apps above applications tell of an application (recruitment.lib.later_steps)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from recruitment.lib import later_steps
from recruitment.lib.later_steps import Step


@pytest.fixture
def providers(monkeypatch):
    monkeypatch.setattr(later_steps, "_PROVIDERS", [])
    monkeypatch.setattr(later_steps, "_GATES", [])  # these applications have no position (scoring's gate)
    return later_steps


def test_steps_of_every_provider_are_attached_oldest_first_and_only_to_their_application(providers):
    a, b = SimpleNamespace(pk=1), SimpleNamespace(pk=2)
    providers.register(lambda apps: {1: [Step(at=dt.date(2027, 3, 2), text="appointed")]})
    providers.register(
        lambda apps: {1: [Step(at=dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC), text="invited", action=True)]}
    )
    providers.attach([a, b])
    assert [s.text for s in a.later_steps] == ["invited", "appointed"]
    assert b.later_steps == []


def test_a_provider_registered_twice_runs_once(providers):
    calls = []

    def provider(apps):
        calls.append(len(apps))
        return {}

    providers.register(provider)
    providers.register(provider)
    providers.attach([SimpleNamespace(pk=1)])
    assert calls == [1]


def test_no_provider_is_asked_about_no_applications(providers):
    providers.register(lambda apps: pytest.fail("asked about nothing"))
    assert providers.attach([]) == []


def test_a_step_known_by_its_day_only_comes_after_the_steps_of_that_day_known_to_the_second(providers):
    app = SimpleNamespace(pk=1)
    providers.register(lambda apps: {1: [Step(at=dt.date(2027, 3, 2), text="act dated")]})
    providers.register(
        lambda apps: {1: [Step(at=dt.datetime(2027, 3, 2, 15, 0, tzinfo=dt.UTC), text="consented")]}
    )
    providers.attach([app])
    assert [s.text for s in app.later_steps] == ["consented", "act dated"]


def test_the_status_shown_is_the_one_of_the_step_furthest_along_not_the_newest_date(providers):
    a = SimpleNamespace(pk=1)
    # A probation dated from the act (2 March) comes after the reporting to work (9 March) that preceded it.
    providers.register(
        lambda apps: {
            1: [
                Step(
                    at=dt.date(2027, 3, 2),
                    text="appointed",
                    status="Appointed.",
                    stage=later_steps.STAGE_APPOINTMENT,
                    order=3,
                ),
                Step(
                    at=dt.date(2027, 3, 9),
                    text="reported",
                    status="At work.",
                    stage=later_steps.STAGE_APPOINTMENT,
                    order=6,
                ),
                Step(at=dt.date(2027, 3, 10), text="a step that does not change where one stands"),
            ]
        }
    )
    providers.register(
        lambda apps: {
            1: [
                Step(
                    at=dt.date(2027, 3, 2),
                    text="probation",
                    status="On probation.",
                    stage=later_steps.STAGE_EMPLOYMENT,
                )
            ]
        }
    )
    providers.attach([a])
    assert a.later_status == "On probation."
    assert [s.text for s in a.later_steps][-1] == "a step that does not change where one stands"


def test_within_a_stage_the_later_order_then_the_later_time_wins(providers):
    a = SimpleNamespace(pk=1)
    providers.register(
        lambda apps: {
            1: [
                Step(
                    at=dt.datetime(2027, 3, 2, 15, tzinfo=dt.UTC),
                    text="v",
                    status="Verified.",
                    stage=30,
                    order=1,
                ),
                Step(at=dt.date(2027, 3, 2), text="a", status="Appointed.", stage=30, order=3),
                Step(at=dt.date(2027, 3, 1), text="old", status="Older.", stage=30, order=3),
            ]
        }
    )
    providers.attach([a])
    assert a.later_status == "Appointed."


def test_without_a_step_that_gives_a_status_there_is_none_and_old_steps_still_work(providers):
    a, b = SimpleNamespace(pk=1), SimpleNamespace(pk=2)
    providers.register(lambda apps: {1: [Step(at=dt.date(2027, 3, 2), text="appeal offered", action=True)]})
    providers.attach([a, b])
    assert a.later_status == "" and b.later_status == ""
    # A step compares as before: the status and the stage are told beside it.
    assert Step(at=dt.date(2027, 3, 2), text="x") == Step(
        at=dt.date(2027, 3, 2), text="x", status="s", stage=9
    )
