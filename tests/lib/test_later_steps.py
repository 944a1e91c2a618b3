"""The applicant's pages show what the apps above applications tell of an application (recruitment.lib.later_steps)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from recruitment.lib import later_steps
from recruitment.lib.later_steps import Step


@pytest.fixture
def providers(monkeypatch):
    monkeypatch.setattr(later_steps, "_PROVIDERS", [])
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
