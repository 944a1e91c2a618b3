"""Issue 13: "My applications" writes its cards in Python (applications/cards.py) from one query compiled once
(recruitment.lib.compiled), with the verification's outcome and the later steps' probes read with the rows.
Each card must still say what the templates said (_status.html and _later_steps.html, which the application's
page renders), for every status; the query count must not grow with the applications."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from applications import cards, selectors, views
from applications.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ApplicationSubmission,
    EventKind,
)
from recruitment.lib import later_steps
from recruitment.lib.later_steps import Step
from tests.factories import AnnouncementFactory, PositionFactory, PositionPlaceFactory

pytestmark = pytest.mark.django_db


def _norm(html: str) -> str:
    return (
        re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).replace("> ", ">").replace(" <", "<").strip()
    )


def _submission(app, n, *, withdrawn=False):
    now = timezone.now()
    app.last_submission = ApplicationSubmission.objects.create(
        application=app,
        number=1,
        reference=f"REF-<{n}>",
        submitted_at=now - dt.timedelta(days=2, seconds=n),
        withdrawn_at=now - dt.timedelta(days=1) if withdrawn else None,
        submitted_by=app.applicant,
        profile_snapshot={},
        checklist_snapshot=[],
        context_snapshot={},
    )
    app.save(update_fields=["last_submission"])
    return app


def _closed_position(**kwargs):
    announcement = AnnouncementFactory(
        opens_at=timezone.now() - dt.timedelta(days=30), closes_at=timezone.now() - dt.timedelta(days=1)
    )
    return PositionFactory(announcement=announcement, **kwargs)


def _told(app, **data):
    ApplicationEvent.objects.create(
        application=app,
        kind=EventKind.RESULT_PUBLISHED,
        data={"rank": None, "candidates": 8, "total": "30.00", "qualified": False, "winner": False, **data},
    )


def _every_status(applicant):
    """One application of each kind a card tells, with the texts that must be escaped."""
    apps = {}
    apps["draft_open"] = Application.objects.create(
        applicant=applicant,
        position=PositionFactory(title_sq="Zyrtar <b>&", title_en="Zyrtar <b>&"),
        status=ApplicationStatus.DRAFT,
    )
    apps["draft_late"] = Application.objects.create(
        applicant=applicant, position=_closed_position(), status=ApplicationStatus.DRAFT
    )
    place = PositionPlaceFactory(place_sq="Zveçan <x>")
    apps["submitted_assisted_place"] = _submission(
        Application.objects.create(
            applicant=applicant,
            position=place.position,
            place=place,
            assisted=True,
            status=ApplicationStatus.SUBMITTED,
        ),
        1,
    )
    apps["withdrawn_open"] = _submission(
        Application.objects.create(
            applicant=applicant, position=PositionFactory(), status=ApplicationStatus.WITHDRAWN
        ),
        2,
        withdrawn=True,
    )
    apps["withdrawn_closed"] = _submission(
        Application.objects.create(
            applicant=applicant, position=_closed_position(), status=ApplicationStatus.WITHDRAWN
        ),
        3,
        withdrawn=True,
    )
    for n, (name, data) in enumerate(
        (
            ("ranked_qualified", {"rank": 2, "qualified": True}),
            ("ranked_winner", {"rank": 1, "qualified": True, "winner": True}),
            ("not_ranked", {}),
            ("later_status", {"rank": 3, "qualified": True}),
        ),
        start=4,
    ):
        apps[name] = _submission(
            Application.objects.create(
                applicant=applicant, position=_closed_position(), status=ApplicationStatus.SUBMITTED
            ),
            n,
        )
        _told(apps[name], **data)
    apps["steps_without_result"] = _submission(
        Application.objects.create(
            applicant=applicant, position=_closed_position(), status=ApplicationStatus.SUBMITTED
        ),
        9,
    )
    return apps


@pytest.fixture
def fake_later_steps(monkeypatch):
    """A provider of the later apps that gives steps of every shape to two applications (no gate: the results
    are told by events alone here)."""
    monkeypatch.setattr(later_steps, "_PROVIDERS", [])
    monkeypatch.setattr(later_steps, "_GATES", [])
    targets = {}

    def provider(apps):
        out = {}
        for app in apps:
            if app.pk in targets.values():
                out[app.pk] = [
                    Step(
                        at=dt.date(2027, 3, 2), text="Winner <1>", status="Winner: post <chosen>.", stage=20
                    ),
                    Step(
                        at=dt.datetime(2027, 3, 1, 23, 30, tzinfo=dt.UTC),
                        text="Invited & due",
                        url="/w/1/?a=1&b=2",
                        link_text="Open",
                        action=True,
                        due=dt.datetime(2027, 3, 8, 23, 30, tzinfo=dt.UTC),
                        stage=20,
                    ),
                    Step(at=dt.date(2027, 3, 3), text="Plain", url="/p/", due=dt.date(2027, 3, 9)),
                ]
        return out

    later_steps.register(provider)
    return targets


@pytest.mark.parametrize("language", ["sq", "en", "sr-latn"])
def test_every_card_says_what_the_status_and_later_steps_templates_say(applicant, fake_later_steps, language):
    apps = _every_status(applicant)
    fake_later_steps.update(later=apps["later_status"].pk, steps=apps["steps_without_result"].pk)
    with translation.override(language), timezone.override("America/New_York"):
        # The templates render the model instances; the cards are written from the rows read as values.
        models = views._after_submission(selectors.my_application_cards(user=applicant))
        read = views._after_submission(selectors.my_application_card_rows(user=applicant))
        assert [a.pk for a in read] == [a.pk for a in models]
        assert {a.pk for a in read} == {a.pk for a in apps.values()}
        now = timezone.now()
        for model, app in zip(models, read, strict=True):
            model.card_open = model.position.is_open
            context = {"app": model, "user": applicant}
            expected_status = render_to_string("applications/_status.html", context)
            expected_steps = render_to_string("applications/_later_steps.html", context)
            assert _norm(cards.row_status_html(app, user=applicant, now=now)) == _norm(expected_status), model
            assert _norm(cards.row_later_steps_html(app)) == _norm(expected_steps), model
            if app.status != ApplicationStatus.SUBMITTED:  # a submitted row does not read the times
                assert cards.is_open(app, now) == model.position.is_open
            # The application's page writes its status from the model instance (cards.status_html).
            assert _norm(cards.status_html(model, user=applicant, now=now)) == _norm(expected_status), model
            assert _norm(cards.later_steps_html(model)) == _norm(expected_steps), model
        kinds = {
            a.pk: _norm(
                cards.row_status_html(a, user=applicant, now=timezone.now()) + cards.row_later_steps_html(a)
            )
            for a in read
        }
    # Every kind of status is among them (the comparison above covers each).
    assert len({re.search(r'class="status[^"]*"', k).group(0) for k in kinds.values()}) == 4
    assert "Winner: post &lt;chosen&gt;." in kinds[apps["later_status"].pk]
    assert "later-step-action" in kinds[apps["steps_without_result"].pk]


def test_the_page_shows_each_card_with_its_link_code_place_and_the_hr_mark(client, applicant):
    apps = _every_status(applicant)
    client.force_login(applicant)
    page = client.get(reverse("applications:mine")).content.decode()
    for app in apps.values():
        url = reverse("applications:detail", args=[app.pk])
        assert page.count(f'href="{url}"') == 2
    assert "Zyrtar &lt;b&gt;&amp;" in page and "Zyrtar <b>" not in page
    assert "Zveçan &lt;x&gt;" in page
    assert page.count("submitted for you by HR (R-12.1)") == 1
    assert page.count("Continue your application") == 1  # the open draft only
    assert page.count('class="card"') == len(apps)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_card_query_is_compiled_once_and_reads_each_persons_own_applications(applicant, other_applicant):
    mine = Application.objects.create(
        applicant=applicant, position=PositionFactory(), status=ApplicationStatus.DRAFT
    )
    theirs = Application.objects.create(
        applicant=other_applicant, position=PositionFactory(), status=ApplicationStatus.DRAFT
    )
    assert [a.pk for a in selectors.my_application_cards(user=applicant)] == [mine.pk]
    assert [a.pk for a in selectors.my_application_cards(user=other_applicant)] == [theirs.pk]
    with CaptureQueriesContext(connection) as ctx:
        selectors.my_application_cards(user=other_applicant)
    assert len(ctx.captured_queries) == 1


def test_my_applications_reads_the_same_number_of_queries_for_1_and_20_applications_after_the_results(
    applicant,
):
    client = Client()
    client.force_login(applicant)
    url = reverse("applications:mine")
    first = _submission(
        Application.objects.create(
            applicant=applicant, position=_closed_position(), status=ApplicationStatus.SUBMITTED
        ),
        100,
    )
    _told(first, rank=1, qualified=True)
    client.get(url)
    one = _queries(client, url)
    for n in range(19):
        app = Application.objects.create(
            applicant=applicant,
            position=_closed_position() if n % 2 else PositionFactory(),
            status=ApplicationStatus.SUBMITTED if n % 2 else ApplicationStatus.DRAFT,
        )
        if n % 2:
            _submission(app, 200 + n)
            _told(app, rank=n, qualified=True)
    assert _queries(client, url) == one
    assert client.get(url).content.decode().count('class="card"') == 20


def test_my_applications_reads_the_same_number_of_queries_with_one_winner_or_three(institution, hr_officer):
    """Every later app is asked (results published, a place on a winners list): still no query per row."""
    from tests.helpers.winners import at, published_result, winner_user
    from winners import services as winner_services

    person = winner_user("Ana Winner")

    def won():
        position = PositionFactory(
            announcement=AnnouncementFactory(institution=institution),
            category="professional",
            scoring_scheme="kqz-professional",
        )
        result = published_result(position, hr_officer, [90], users=[person], published_at=timezone.now())
        winner_services.winners_list_create(result=result, actor=hr_officer, now=at(6))

    client = Client()
    client.force_login(person)
    url = reverse("applications:mine")
    won()
    client.get(url)
    one = _queries(client, url)
    page = client.get(url).content.decode()
    assert 'class="later-steps"' in page
    won()
    won()
    assert _queries(client, url) == one
    assert client.get(url).content.decode().count('class="later-steps"') == 3


def test_a_provider_with_a_probe_is_asked_only_about_the_applications_its_probe_lets_through(
    applicant, monkeypatch
):
    from django.db.models import Exists, OuterRef

    monkeypatch.setattr(later_steps, "_PROVIDERS", [])
    monkeypatch.setattr(later_steps, "_GATES", [])
    with_event, without = (
        _submission(
            Application.objects.create(
                applicant=applicant, position=PositionFactory(), status=ApplicationStatus.SUBMITTED
            ),
            n,
        )
        for n in (1, 2)
    )
    _told(with_event)
    asked = []

    def provider(apps):
        asked.append(sorted(a.pk for a in apps))
        return {a.pk: [Step(at=dt.date(2027, 1, 1), text="x")] for a in apps}

    def probe():
        return Exists(ApplicationEvent.objects.filter(application_id=OuterRef("pk")))

    later_steps.register(provider, probe=probe)
    # Read with the page's rows (the annotations), then alone (one query of flags: the application's page).
    read = views._after_submission(selectors.my_application_cards(user=applicant))
    assert asked == [[with_event.pk]]
    assert {a.pk: bool(a.later_steps) for a in read} == {with_event.pk: True, without.pk: False}
    asked.clear()
    later_steps.attach(list(Application.objects.filter(pk__in=[with_event.pk, without.pk])))
    assert asked == [[with_event.pk]]


def _fields(obj) -> dict:
    return {k: v for k, v in obj.__dict__.items() if not k.startswith("_")}


def test_the_compiled_query_builds_the_same_instances_as_the_orm(applicant):
    """recruitment.lib.compiled builds each row's instances itself (every concrete field, DEFERRED for the
    columns not read): the same values, the same deferred fields, the same related objects as the queryset."""
    _every_status(applicant)
    built = selectors.my_application_cards(user=applicant)
    built = selectors.my_application_cards(
        user=applicant
    )  # the second call runs the SQL compiled by the first
    orm = list(selectors._my_application_cards(applicant.pk))
    assert [a.pk for a in built] == [a.pk for a in orm]
    for mine, theirs in zip(built, orm, strict=True):
        assert _fields(mine) == _fields(theirs)
        assert mine.get_deferred_fields() == theirs.get_deferred_fields()
        for path in ("position", "position.announcement", "position.announcement.institution"):
            a, b = mine, theirs
            for name in path.split("."):
                a, b = getattr(a, name), getattr(b, name)
            assert _fields(a) == _fields(b), path
            assert a.get_deferred_fields() == b.get_deferred_fields(), path
        for name in ("place", "last_submission"):
            a, b = getattr(mine, name), getattr(theirs, name)
            assert (a is None) == (b is None)
            if a is not None:
                assert _fields(a) == _fields(b) and a.get_deferred_fields() == b.get_deferred_fields()


def test_a_rows_position_and_submission_are_built_as_the_orm_builds_them(applicant):
    """A provider of the later steps (appeals: the position's category, the announcement's rule set, the
    institution's zone) and the verification's template read a CardRow's ``position`` and
    ``last_submission``: built from the row's values, the same field values as the queryset's instances."""
    _every_status(applicant)
    rows = selectors.my_application_card_rows(user=applicant)
    orm = list(selectors._my_application_cards(applicant.pk))
    assert [r.pk for r in rows] == [a.pk for a in orm]
    for row, model in zip(rows, orm, strict=True):
        for path in ("position", "position.announcement", "position.announcement.institution"):
            a, b = row, model
            for name in path.split("."):
                a, b = getattr(a, name), getattr(b, name)
            loaded = set(a.__dict__) - a.get_deferred_fields() - {"_state"}
            assert loaded and {k: getattr(a, k) for k in loaded} == {k: getattr(b, k) for k in loaded}, path
        assert row.position.category == model.position.category
        assert row.position.announcement.rule_set == model.position.announcement.rule_set
        assert row.position.announcement.institution.tzinfo == model.position.announcement.institution.tzinfo
        assert row.position.deadline == model.position.deadline and row.position.title == model.position.title
        if model.last_submission is None:
            assert row.last_submission is None
        else:
            assert row.last_submission.reference == model.last_submission.reference
            assert row.last_submission.submitted_at == model.last_submission.submitted_at


def test_the_row_alone_of_an_own_application_is_compiled_once_and_is_the_orm_s_row(
    applicant, other_applicant
):
    """get_application_for_user(related=False), an upload's and a submission's first read (issue 13): the
    person's own row with its announcement's id, compiled once; another person's application is 404."""
    from django.db.models.sql.compiler import SQLCompiler
    from django.http import Http404

    mine = Application.objects.create(applicant=applicant, position=PositionFactory())
    theirs = Application.objects.create(applicant=other_applicant, position=PositionFactory())
    row = selectors.get_application_for_user(applicant, mine.pk, related=False)
    orm = Application.objects.get(pk=mine.pk)
    assert [getattr(row, f.attname) for f in Application._meta.concrete_fields] == [
        getattr(orm, f.attname) for f in Application._meta.concrete_fields
    ]
    assert row.announcement_pk == mine.position.announcement_id
    with pytest.raises(Http404):
        selectors.get_application_for_user(applicant, theirs.pk, related=False)
    with pytest.raises(Http404):
        selectors.get_application_for_user(applicant, "x", related=False)
    compiled_now = []
    original = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled_now.append(self.query.model)
        return original(self, *args, **kwargs)

    with mock.patch.object(SQLCompiler, "as_sql", counting):
        again = selectors.get_application_for_user(other_applicant, theirs.pk, related=False)
    assert again.pk == theirs.pk and again.announcement_pk == theirs.position.announcement_id
    if connection.vendor == "postgresql":
        assert compiled_now == []
