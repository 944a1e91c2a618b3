"""Publication follows the law to the letter (issue 11): the rule set still in force (R-41, R-42), the scheme the rule
set and the category allow (R-19.2, R-25.2), every item of R-9.1 named when missing, and both official languages
(R-8.3). The committee's composition follows the category too (R-13.2, R-14.2, R-15.2; F1 item 13)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committees import rules as committee_rules
from tests.factories import AnnouncementFactory, PositionFactory, make_publishable
from vacancies import rules, services
from vacancies.models import AnnouncementStatus, RuleSet

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def draft(institution):
    now = timezone.now()
    announcement = AnnouncementFactory(
        institution=institution,
        status=AnnouncementStatus.DRAFT,
        published_at=None,
        opens_at=now,
        closes_at=now + dt.timedelta(days=20),
    )
    PositionFactory(announcement=announcement, title_sq="Zyrtar për TI")
    return make_publishable(announcement)


def problems_of(draft, hr_officer) -> str:
    with pytest.raises(ValidationError) as exc:
        services.announcement_publish(announcement=draft, actor=hr_officer)
    draft.refresh_from_db()
    assert draft.status == AnnouncementStatus.DRAFT
    return " ".join(exc.value.messages)


def test_the_complete_draft_of_these_tests_is_published(draft, hr_officer):
    assert (
        services.announcement_publish(announcement=draft, actor=hr_officer).status
        == AnnouncementStatus.PUBLISHED
    )


# --- the scheme follows the rule set and the category ---------------------------------------


def test_r19_2_a_professional_position_under_01_2024_refuses_the_f1_scheme_at_publication(draft, hr_officer):
    draft.positions.update(scoring_scheme="f1")
    text = problems_of(draft, hr_officer)
    assert "R-19.2" in text and "R-25.2" in text


@pytest.mark.parametrize(
    ("rule_set", "category", "scheme", "lawful"),
    [
        (RuleSet.KQZ_01_2024, "professional", "kqz-professional", True),
        (RuleSet.KQZ_01_2024, "specialist", "kqz-specialist", True),
        (RuleSet.KQZ_01_2024, "middle_management", "kqz-management", True),
        (RuleSet.KQZ_01_2024, "middle_management", "kqz-professional", False),  # 60, not 70
        (RuleSet.KQZ_01_2024, "professional", "f1", False),
        (RuleSet.KQZ_01_2024, "professional", "custom", False),
        (RuleSet.KQZ_01_2024, "non_permanent", "custom", False),
        (RuleSet.ALBANIA, "other", "f1", True),
        (RuleSet.ALBANIA, "other", "kqz-professional", False),
        (RuleSet.KQZ_03_2017, "non_permanent", "custom", True),  # K23
    ],
)
def test_r19_2_the_rule_set_and_the_category_decide_the_lawful_schemes(rule_set, category, scheme, lawful):
    assert (rules.scheme_problems(rule_set=rule_set, category=category, scheme=scheme) == []) is lawful


def test_r19_2_starting_the_evaluation_refuses_a_scheme_the_category_does_not_allow(institution, hr_officer):
    from scoring import services as scoring_services

    position = PositionFactory(announcement=AnnouncementFactory(institution=institution), scoring_scheme="f1")
    with pytest.raises(ValidationError, match="R-19.2"):
        scoring_services.evaluation_create(position=position, actor=hr_officer)


@pytest.mark.parametrize(
    ("rule_set", "category", "composition", "lawful"),
    [
        ("kqz-01-2024", "professional", committee_rules.R13_2, True),
        ("kqz-01-2024", "professional", committee_rules.F1, False),
        ("kqz-01-2024", "specialist", committee_rules.R13_2, False),
        ("kqz-01-2024", "specialist", committee_rules.R14_2, True),
        ("kqz-01-2024", "lower_management", committee_rules.R15_2, True),
        ("al-civil-service", "other", committee_rules.F1, True),
        ("al-civil-service", "other", committee_rules.R13_2, False),
        ("kqz-03-2017", "non_permanent", committee_rules.R13_2, True),
    ],
)
def test_r13_2_the_committee_s_composition_follows_the_rule_set_and_the_category(
    rule_set, category, composition, lawful
):
    assert (
        committee_rules.composition_problems(rule_set=rule_set, category=category, composition=composition)
        == []
    ) is lawful


def test_r13_2_a_three_member_committee_is_refused_for_a_professional_position_under_01_2024(
    institution, hr_officer
):
    from committees import services as committee_services
    from tests.committees.factories import MemberPoolFactory

    position = PositionFactory(announcement=AnnouncementFactory(institution=institution))
    pool = MemberPoolFactory(institution=institution)
    with pytest.raises(ValidationError, match="R-13.2"):
        committee_services.committee_create(
            position=position, pool=pool, actor=hr_officer, composition=committee_rules.F1
        )


# --- the repealed regulation ----------------------------------------------------------------------------


def test_r41_a_new_announcement_under_the_repealed_regulation_03_2017_is_refused(draft, hr_officer):
    draft.rule_set = RuleSet.KQZ_03_2017
    draft.closes_at = timezone.now() + dt.timedelta(days=90)
    draft.save()
    draft.positions.update(scoring_scheme="custom", category="non_permanent")
    assert "R-41" in problems_of(draft, hr_officer)


def test_r41_the_repealed_regulation_governed_only_what_was_announced_before_18_01_2024():
    assert rules.rule_set_in_force(RuleSet.KQZ_03_2017, dt.date(2023, 3, 22))  # K23
    assert not rules.rule_set_in_force(
        RuleSet.KQZ_03_2017, dt.date(2024, 1, 18)
    )  # in force on signature
    assert rules.rule_set_in_force(RuleSet.KQZ_01_2024, dt.date(2024, 1, 18))


# --- the content of the announcement -------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "change"),
    [
        ("R-9.1.2", lambda a: a.positions.update(coefficient=None)),
        ("R-9.1.2", lambda a: a.positions.update(grade="", grade_sq="", grade_sr_latn="")),
        (
            "R-9.1.3",
            lambda a: (
                type(a).objects.filter(pk=a.pk).update(general_description_sq="", general_description="")
            ),
        ),
        ("R-9.1.4", lambda a: a.positions.get().requirements.filter(kind="general").delete()),
        ("R-9.1.6", lambda a: type(a).objects.filter(pk=a.pk).update(competencies_sq="", competencies="")),
        ("R-9.1.9", lambda a: a.positions.get().documents.all().delete()),
        (
            "R-9.1.10",
            lambda a: type(a).objects.filter(pk=a.pk).update(evaluation_method_sq="", evaluation_method=""),
        ),
    ],
)
def test_r9_1_publication_refuses_an_announcement_missing_an_item_and_names_it(
    draft, hr_officer, article, change
):
    change(draft)
    draft.refresh_from_db()
    text = problems_of(draft, hr_officer)
    assert f"{article}:" in text


def test_r8_3_under_01_2024_an_announcement_without_its_serbian_text_is_not_published(draft, hr_officer):
    type(draft).objects.filter(pk=draft.pk).update(competencies_sr_latn="")
    draft.refresh_from_db()
    assert "R-8.3" in problems_of(draft, hr_officer)
