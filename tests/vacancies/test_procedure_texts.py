"""Texts come from the procedure's own rules (issue 11): the sentences of R-9.2 and the appeal of R-32 belong to
regulation 01/2024, so an Albanian procedure (F1) shows neither; F1's date-only deadline is read as the end of the day."""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from tests.factories import AnnouncementFactory, InstitutionFactory, PositionFactory
from vacancies import rules
from vacancies.models import RuleSet

pytestmark = pytest.mark.django_db


def page_of(announcement) -> str:
    with translation.override("en"):
        return Client().get(announcement.get_absolute_url()).content.decode()


def test_r9_2_the_sentences_of_01_2024_stand_on_a_kqz_announcement_and_not_on_an_albanian_one(institution):
    albania = InstitutionFactory(
        short_name="MM", country="AL", time_zone="Europe/Tirane", rule_set=RuleSet.ALBANIA
    )
    kqz = AnnouncementFactory(institution=institution)
    f1 = AnnouncementFactory(institution=albania)
    PositionFactory(announcement=kqz)
    PositionFactory(announcement=f1, scoring_scheme="f1", category="other")
    with translation.override("en"):
        sentence = str(rules.R9_2_NOTICES[0])
    assert sentence in page_of(kqz)
    assert sentence not in page_of(f1)


def test_r32_the_appeal_is_cited_only_for_a_procedure_under_01_2024():
    assert rules.r32_appeal_applies(RuleSet.KQZ_01_2024)
    assert not rules.r32_appeal_applies(RuleSet.ALBANIA)
    assert not rules.r32_appeal_applies(RuleSet.KQZ_03_2017)


@pytest.mark.parametrize(("rule_set", "cited"), [(RuleSet.KQZ_01_2024, True), (RuleSet.ALBANIA, False)])
def test_r32_the_result_notice_of_an_albanian_procedure_sends_nobody_to_kpmshck(rule_set, cited):
    position = SimpleNamespace(
        title="Ekspert",
        announcement=SimpleNamespace(
            rule_set=rule_set, reference="F1", institution=SimpleNamespace(name="MM")
        ),
    )
    evaluation = SimpleNamespace(pk=1, position=position)
    row = SimpleNamespace(
        rank=1, qualified=True, winner=True, tie_rule="", absent="", total=None, stopped_at=""
    )
    with translation.override("en"):
        body = render_to_string(
            "notifications/scoring_result_body.txt",
            {"row": row, "steps": [], "evaluation": evaluation, "position": position},
        )
    assert ("R-32" in body) is cited


def test_f1_a_closing_given_as_a_date_is_read_as_the_end_of_that_day():
    tirane = zoneinfo.ZoneInfo("Europe/Tirane")
    closes = rules.closing_of_a_date(dt.date(2025, 7, 30), tirane)
    assert closes == dt.datetime(2025, 7, 30, 23, 59, tzinfo=tirane)
