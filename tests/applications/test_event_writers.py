"""The applicant's history has one writer (issue 12): only the applications app creates ``ApplicationEvent`` rows;
verification, scoring and the demo call ``applications.events``. A source scan of every module outside
``applications/`` (tests and migrations aside) fails on a direct write, and the published service stores what it is
given and refuses a kind that does not exist."""

import ast
import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from applications.events import NewApplicationEvent, application_event_record, application_events_record_bulk
from applications.models import ApplicationEvent, EventKind

ROOT = Path(__file__).resolve().parent.parent.parent
SKIP = {
    ".venv",
    ".git",
    "tests",
    "migrations",
    "node_modules",
    "locale",
    "locale_vendor",
    "test-artifacts",
    "private-media",
    "staticfiles",
    "__pycache__",
    ".demo-broker",
    "applications",
}
WRITES = {"create", "bulk_create", "get_or_create", "update_or_create"}


def direct_writes(source: str) -> list[int]:
    """The lines that create ApplicationEvent rows without the service: ``ApplicationEvent(...)``,
    ``ApplicationEvent.objects.create/bulk_create/...`` and the related manager ``<application>.events.create(...)``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "ApplicationEvent":
            lines.append(node.lineno)
        elif (
            isinstance(func, ast.Attribute) and func.attr in WRITES and isinstance(func.value, ast.Attribute)
        ):
            manager = func.value
            if manager.attr == "events" or (
                manager.attr == "objects"
                and isinstance(manager.value, ast.Name)
                and manager.value.id == "ApplicationEvent"
            ):
                lines.append(node.lineno)
    return lines


def modules_outside_applications():
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in SKIP]  # never walks into .venv
        yield from (Path(folder) / name for name in files if name.endswith(".py"))


def test_no_module_outside_applications_creates_application_events_itself():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in modules_outside_applications()
        for line in direct_writes(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"write through applications.events instead: {offenders}"


def test_the_scan_sees_each_way_of_creating_a_row_and_not_a_read():
    source = (
        "ApplicationEvent.objects.create(application=a, kind='submitted')\n"
        "ApplicationEvent.objects.bulk_create([ApplicationEvent(application=a, kind='submitted')])\n"
        "application.events.create(kind='submitted')\n"
        "ApplicationEvent.objects.filter(kind='submitted').count()\n"
        "application.events.all()\n"
    )
    assert sorted(direct_writes(source)) == [1, 2, 2, 3]


def test_the_scan_covers_the_apps_that_tell_the_applicant():
    scanned = {path.relative_to(ROOT).as_posix() for path in modules_outside_applications()}
    assert {"verification/services.py", "scoring/services/publication.py", "demo/seed.py"} <= scanned
    assert not any(path.startswith("applications/") for path in scanned)


@pytest.mark.django_db
def test_an_event_is_recorded_with_what_the_caller_gives(ready_draft, applicant):
    at = timezone.now() - dt.timedelta(minutes=5)
    event = application_event_record(
        application=ready_draft, kind=EventKind.SHORTLISTED, actor=applicant, at=at, data={"reference": "X-1"}
    )
    event.refresh_from_db()
    assert (event.application_id, event.kind, event.actor_id, event.at, event.data) == (
        ready_draft.pk,
        "shortlisted",
        applicant.pk,
        at,
        {"reference": "X-1"},
    )


@pytest.mark.django_db
def test_events_are_recorded_in_bulk_and_an_unknown_kind_stores_nothing(ready_draft, applicant):
    before = ApplicationEvent.objects.filter(application=ready_draft).count()
    rows = application_events_record_bulk(
        events=[
            NewApplicationEvent(application_id=ready_draft.pk, kind=kind, actor=applicant, data={"n": n})
            for n, kind in enumerate([EventKind.VERIFICATION_OPENED, EventKind.SHORTLISTED])
        ]
    )
    assert len(rows) == 2
    assert ApplicationEvent.objects.filter(application=ready_draft).count() == before + 2
    with pytest.raises(ValueError):
        application_events_record_bulk(
            events=[NewApplicationEvent(application_id=ready_draft.pk, kind="no_such")]
        )
    with pytest.raises(ValueError):
        application_event_record(application=ready_draft, kind="no_such")
    assert ApplicationEvent.objects.filter(application=ready_draft).count() == before + 2
