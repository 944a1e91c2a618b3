"""Issue 13: the parts of a message's template in {% once %} (what every recipient of one notify_bulk call shares)
are rendered once per language, and the messages are still exactly those notify writes one by one."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template

from notifications.models import Message
from notifications.services import notify, notify_bulk
from notifications.templatetags.outbox_tags import ONCE_CACHE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _context(i: int, correction=None) -> dict:
    institution = SimpleNamespace(name="Komisioni Qendror i Zgjedhjeve")
    announcement = SimpleNamespace(reference="KQZ 1/2026", institution=institution, rule_set="kqz-01-2024")
    position = SimpleNamespace(title="Zyrtar", code="P-1", announcement=announcement)
    row = SimpleNamespace(
        rank=i + 1 if i != 2 else None,
        qualified=i == 0,
        winner=i == 0,
        absent="interview" if i == 2 else "",
        excluded=False,
        tie_rule="lot" if i == 1 else "",
        total=f"{80 - i}" if i != 2 else None,
        stopped_at="",
    )
    return {
        "position": position,
        "row": row,
        "steps": [{"label": "Written test", "points": f"{50 - i},00", "maximum": 60, "key": "written"}],
        "total": f"{80 - i},00",
        "candidates": 2,
        "threshold": "70",
        "comparison": ">=",
        "evaluation": SimpleNamespace(pk=7, position=position),
        "correction": correction,
    }


@pytest.mark.parametrize("correction", [None, 1])
def test_the_results_notice_in_bulk_is_the_one_notify_writes_for_each_candidate(correction):
    users = [UserFactory(username=f"c{i}@example.org", email=f"c{i}@example.org") for i in range(3)]
    for i, user in enumerate(users):
        notify(
            recipient=user,
            kind="scoring.result",
            template="scoring_result",
            language=("sq", "en", "sr-latn")[i],
            dedupe_key=f"one:{i}",
            context=_context(i, correction),
        )
    items = [
        {
            "recipient": user,
            "language": ("sq", "en", "sr-latn")[i],
            "dedupe_key": f"bulk:{i}",
            "context": _context(i, correction),
        }
        for i, user in enumerate(users)
    ]
    assert notify_bulk(kind="scoring.result", template="scoring_result", items=items) == 3
    for i in range(3):
        one, bulk = Message.objects.get(dedupe_key=f"one:{i}"), Message.objects.get(dedupe_key=f"bulk:{i}")
        assert (bulk.subject, bulk.body, bulk.renderings) == (one.subject, one.body, one.renderings)
    bodies = [Message.objects.get(dedupe_key=f"bulk:{i}").renderings["en"][1] for i in range(3)]
    assert len(set(bodies)) == 3  # each candidate's own result, around the shared parts
    assert ("R-9.3" in bodies[0]) == bool(correction)


def test_once_renders_its_part_once_with_the_cache_and_every_time_without():
    template = Template("{% load outbox_tags %}{% once %}{{ shared }}{% endonce %}/{{ own }}")
    assert template.render(Context({"shared": "a", "own": 1})) == "a/1"
    assert template.render(Context({"shared": "b", "own": 2})) == "b/2"  # no cache: rendered as usual
    context = Context({ONCE_CACHE: {}, "shared": "a"})
    outputs = []
    for own in (1, 2):
        with context.push(own=own):
            outputs.append(template.render(context))
    assert outputs == ["a/1", "a/2"]


def test_the_deliveries_of_a_bulk_write_are_published_a_chunk_a_task(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    from notifications import tasks

    settings.OUTBOX_DELIVERY_CHUNK = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users = [UserFactory(username=f"d{i}@example.org", email=f"d{i}@example.org") for i in range(5)]
    published = []
    real = tasks.deliver_messages.apply_async
    monkeypatch.setattr(
        tasks.deliver_messages,
        "apply_async",
        lambda args, **kw: published.append(args[0]) or real(args, **kw),
    )
    items = [
        {"recipient": u, "dedupe_key": f"chunk:{u.pk}", "context": {"subject": "S", "text": "T"}}
        for u in users
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_bulk(kind="test", template="generic", items=items) == 5
    assert [len(chunk) for chunk in published] == [2, 2, 1]
    assert Message.objects.filter(dedupe_key__startswith="chunk:", status="sent").count() == 5
    assert tasks.deliver_messages(sorted(sum(published, []))) == 0  # a redelivery sends nothing twice
