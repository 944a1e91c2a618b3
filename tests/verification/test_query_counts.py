"""Pages whose query count must not grow with their rows: HR's positions to verify, the reviews' list and the
public shortlist. Each compares few rows with many, in the same request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recruitment.permissions import hr_users
from tests.factories import PositionFactory, UserFactory
from tests.helpers.auth import login_with_second_factor
from tests.helpers.verification import close, submitted
from vacancies.models import InstitutionStaff, StaffRole
from verification import services
from verification.models import CheckResult, Decision, Review

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _eligible(position, hr_officer, n):
    for i in range(n):
        submitted(position, first_name=f"Emri{i}", last_name=f"Mbiemri{i}")
    services.reviews_open(position=position, actor=hr_officer)
    for review in Review.objects.filter(position=position, decision=Decision.UNDECIDED):
        for check in review.checks.all():
            services.check_record(check=check, result=CheckResult.MET, actor=hr_officer)
        services.review_decide(review=review, decision=Decision.ELIGIBLE, actor=hr_officer)


def test_the_positions_to_verify_cost_the_same_for_one_position_or_many(client, hr_officer, position):
    submitted(position)
    login_with_second_factor(client, hr_officer)
    url = reverse("admin:verification_verificationposition_changelist")
    client.get(url)  # warm the per-process caches (content types, collation)
    few = _queries(client, url)
    for i in range(4):
        other = close(PositionFactory(announcement=position.announcement, code=f"KQZ 44/2026-{i + 2}"))
        submitted(other)
        submitted(other)
    many = client.get(url)
    assert many.content.decode().count("KQZ 44/2026-") >= 5  # the new rows are listed
    assert _queries(client, url) == few


def test_the_reviews_list_costs_the_same_for_one_review_or_many(client, hr_officer, position):
    _eligible(position, hr_officer, 1)
    login_with_second_factor(client, hr_officer)
    url = reverse("admin:verification_review_changelist") + f"?position__id__exact={position.pk}"
    client.get(url)
    few = _queries(client, url)
    _eligible(position, hr_officer, 5)
    assert client.get(url).content.decode().count("Mbiemri") >= 6
    assert _queries(client, url) == few


def test_the_public_shortlist_costs_the_same_for_one_candidate_or_many(client, hr_officer, position):
    from verification.models import Shortlist

    _eligible(position, hr_officer, 1)
    services.shortlist_publish(position=position, actor=hr_officer)
    url = reverse("verification:shortlist", args=[position.pk])
    client.get(url)
    few = _queries(client, url)
    # The same page with six candidates: publish again on a fresh shortlist.
    Shortlist.objects.filter(position=position).delete()
    _eligible(position, hr_officer, 5)
    services.shortlist_publish(position=position, actor=hr_officer)
    assert client.get(url).content.decode().count("Mbiemri") >= 6
    assert _queries(client, url) == few


def test_hr_users_are_the_active_hr_of_that_institution_once_each(hr_officer, institution, other_hr_officer):
    InstitutionStaff.objects.create(user=hr_officer, institution=institution, role=StaffRole.LEADER)
    gone = UserFactory(username="former-hr@kqz.example.org", is_active=False)
    InstitutionStaff.objects.create(user=gone, institution=institution, role=StaffRole.HR)
    leader = UserFactory(username="leader@kqz.example.org")
    InstitutionStaff.objects.create(user=leader, institution=institution, role=StaffRole.LEADER)
    assert list(hr_users(institution.pk)) == [hr_officer]


def test_the_review_page_costs_the_same_for_few_checks_or_many(client, hr_officer, position):
    from tests.factories import RequirementFactory

    def review_of(pos):
        app = submitted(pos)
        services.reviews_open(position=pos, actor=hr_officer)
        return Review.objects.get(application=app)

    few_checks = review_of(position)
    longer = close(PositionFactory(announcement=position.announcement, code="KQZ 44/2026-9"))
    for i in range(12):
        RequirementFactory(
            position=longer,
            order=i,
            kind="experience",
            text=f"Kriteri {i}",
            text_sq=f"Kriteri {i}",
            text_en=f"Criterion {i}",
        )
    many_checks = review_of(longer)
    assert many_checks.checks.count() > few_checks.checks.count() + 4
    login_with_second_factor(client, hr_officer)
    client.get(reverse("admin:verification_review_change", args=[few_checks.pk]))
    few = _queries(client, reverse("admin:verification_review_change", args=[few_checks.pk]))
    assert _queries(client, reverse("admin:verification_review_change", args=[many_checks.pk])) == few
