"""Transparency statistics: counts per stage, by gender and community, with small counts suppressed
(R-28.4 with Law No. 06/L-082), told no earlier than the page that publishes each stage."""

import csv
import datetime as dt
import io
import itertools

import pytest
from django.utils import timezone

from applications.models import Application, ApplicationStatus, ApplicationSubmission
from publicdata import statistics as stats
from scoring.models import Evaluation, EvaluationResult, Representation
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
from vacancies.models import ClosingState
from verification.models import Review, Shortlist

_seq = itertools.count(1)
YEAR = timezone.now().year


def _apply(position, *, gender="", community=""):
    n = next(_seq)
    user = UserFactory(username=f"stats{n}@example.org")
    app = Application.objects.create(applicant=user, position=position, status=ApplicationStatus.SUBMITTED)
    sub = ApplicationSubmission.objects.create(
        application=app,
        number=1,
        reference=f"STATS-{n}",
        submitted_at=timezone.now() - dt.timedelta(days=3),
        submitted_by=user,
        profile_snapshot={
            "personal": {"first_name": f"N{n}", "gender": gender},
            "equality": {"community": community, "disability": ""},
        },
        checklist_snapshot=[],
        context_snapshot={},
    )
    app.last_submission = sub
    app.save(update_fields=["last_submission"])
    return app


def _closed_position(institution, *, reference="KQZ 1/2026"):
    now = timezone.now()
    announcement = AnnouncementFactory(
        institution=institution,
        reference=reference,
        published_at=now - dt.timedelta(days=30),
        opens_at=now - dt.timedelta(days=30),
        closes_at=now - dt.timedelta(days=5),
    )
    position = PositionFactory(announcement=announcement, title_en="Legal officer")
    position.closing_state = ClosingState.CLOSED
    position.closed_at = announcement.closes_at
    position.save(update_fields=["closing_state", "closed_at"])
    return position


@pytest.fixture
def procedure(db, institution, hr_officer):
    """12 applicants: 8 women, 3 men, 1 undeclared; 2 Serbian (non-majority), 9 Albanian, 1 undeclared.
    10 verified (eligible 9, not eligible 1), 9 shortlisted, 7 ranked (2 absent), 4 qualified."""
    position = _closed_position(institution)
    people = (
        [("female", "albanian")] * 7
        + [("female", "serbian")]
        + [("male", "albanian")] * 2
        + [("male", "serbian")]
        + [("", "")]
    )
    apps = [_apply(position, gender=g, community=c) for g, c in people]
    reviewed = apps[:10]
    for i, app in enumerate(reviewed):
        Review.objects.create(
            application=app,
            position=position,
            submission=app.last_submission,
            reference=app.last_submission.reference,
            opened_at=timezone.now(),
            decision="not_eligible" if i == 9 else "eligible",
        )
    return {"position": position, "apps": apps, "hr": hr_officer}


def _publish_shortlist(procedure):
    eligible = procedure["apps"][:9]
    Shortlist.objects.create(
        position=procedure["position"],
        published_at=timezone.now(),
        published_by=procedure["hr"],
        entries=[{"application": a.pk, "reference": a.last_submission.reference} for a in eligible],
    )


def _publish_results(procedure):
    evaluation = Evaluation.objects.create(
        position=procedure["position"],
        scheme_key="kqz-professional",
        scheme_data={},
        category="professional",
        created_by=procedure["hr"],
        status="published",
    )
    rows = []
    for i, app in enumerate(procedure["apps"][:9]):
        ranked = i < 7  # the last two were absent: not ranked
        rows.append(
            {"application_id": app.pk, "rank": i + 1 if ranked else None, "qualified": ranked and i < 4}
        )
    EvaluationResult.objects.create(
        evaluation=evaluation,
        scheme_data={},
        rows=rows,
        computed_by=procedure["hr"],
        published_at=timezone.now(),
    )


def _stage(position, key):
    (row,) = stats.procedure_statistics([position])
    return next(s for s in row["stages"] if s.key == key)


def _shown(stage):
    t = stats.threshold()
    return (stage.total.shown(t), [c.shown(t) for c in stage.gender], [c.shown(t) for c in stage.community])


def test_applications_are_counted_by_gender_and_community_with_small_counts_suppressed(procedure):
    # women 8, men 3 (<5), undeclared 1 (<5): two small cells hide each other and add up to 4, so women go too.
    # non-majority 2 (<5), majority 9, undeclared 1 (<5): 3 < 5, so majority is hidden too.
    assert _shown(_stage(procedure["position"], "applications")) == (
        "12",
        ["<5", "<5", "<5"],
        ["<5", "<5", "<5"],
    )


def test_a_count_at_the_threshold_is_shown(settings, procedure):
    settings.PUBLIC_STATISTICS_MIN_COUNT = 3
    assert _shown(_stage(procedure["position"], "applications")) == (
        "12",
        ["8", "<3", "<3"],
        ["<3", "9", "<3"],
    )  # the lone 1 takes the 3 with it


def test_the_stages_of_the_verification_wait_for_the_published_shortlist(procedure):
    assert not _stage(procedure["position"], "verified").recorded
    assert not _stage(procedure["position"], "shortlisted").recorded
    _publish_shortlist(procedure)
    settings_t = stats.threshold()
    assert _stage(procedure["position"], "verified").total.shown(settings_t) == "10"
    assert _stage(procedure["position"], "shortlisted").total.shown(settings_t) == "9"


def test_sitting_and_qualifying_wait_for_the_published_results(procedure, settings):
    settings.PUBLIC_STATISTICS_MIN_COUNT = 1  # no suppression: check the counting itself
    _publish_shortlist(procedure)
    assert not _stage(procedure["position"], "sat").recorded
    _publish_results(procedure)
    sat, qualified = _stage(procedure["position"], "sat"), _stage(procedure["position"], "qualified")
    assert (sat.total.value, qualified.total.value) == (7, 4)
    assert [c.value for c in qualified.gender] == [4, 0, 0]


def test_applications_are_not_told_while_the_position_is_open(db, institution):
    position = PositionFactory(announcement=AnnouncementFactory(institution=institution))
    for _ in range(6):
        _apply(position, gender="female")
    assert not _stage(position, "applications").recorded


def test_appointments_are_listed_as_not_recorded_by_the_portal(procedure, client):
    assert not _stage(procedure["position"], "appointed").recorded
    html = client.get(f"/en/statistics/positions/{procedure['position'].pk}/").content.decode()
    assert "Not recorded by the portal yet" in html


def test_the_public_page_shows_the_institution_year_and_each_procedure_suppressed(procedure, client):
    html = client.get(f"/en/statistics/?year={YEAR}").content.decode()
    assert "Legal officer" in html and "Central Election Commission" in html
    assert "&lt;5" in html
    assert ">8<" not in html and ">3<" not in html  # the suppressed women and men counts


def test_the_csv_holds_the_same_suppressed_figures(procedure, client):
    _publish_shortlist(procedure)
    response = client.get(f"/en/statistics/statistics.csv?year={YEAR}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    applications = [r for r in rows if r["stage"] == "applications"]
    assert {r["level"] for r in applications} == {"institution_year", "procedure"}
    for row in applications:
        assert (row["total"], row["gender_female"], row["gender_male"], row["community_majority"]) == (
            "12",
            "<5",
            "<5",
            "<5",
        )
    appointed = next(r for r in rows if r["stage"] == "appointed")
    assert appointed["recorded"] == "0" and appointed["total"] == ""


def test_the_yearly_quota_figures_of_r28_are_public_with_small_counts_hidden(procedure, client):
    Representation.objects.create(
        institution=procedure["position"].announcement.institution,
        year=YEAR,
        category="professional",
        staff=40,
        non_majority=3,
        women=20,
        men=20,
    )
    html = client.get(f"/en/statistics/?year={YEAR}").content.decode()
    assert "Reserved quota for non-majority communities" in html
    assert "7.5" not in html  # the share would give the hidden count away


def test_a_draft_procedure_has_no_statistics_page(db, client, institution):
    draft = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, status="draft", published_at=None)
    )
    assert client.get(f"/en/statistics/positions/{draft.pk}/").status_code == 404
