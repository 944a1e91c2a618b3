"""The result notice (R-25.4) names the rule that ordered a tie in the reader's language, the lot included."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext


def test_r27_1_4_a_tie_decided_by_lot_is_named_as_the_lot_in_the_candidates_language():
    row = SimpleNamespace(tie_rule="lot", rank=2, qualified=True, winner=False)
    with translation.override("sq"):
        body = render_to_string(
            "notifications/scoring_result_body.txt",
            {"row": row, "steps": [], "evaluation": SimpleNamespace(pk=1)},
        )
        lot = gettext("lot (R-27.1.4)")
    assert lot != "lot (R-27.1.4)" and lot in body


def test_r27_1_1_a_tie_decided_by_an_article_names_the_article():
    row = SimpleNamespace(tie_rule="R-27.1.1", rank=1, qualified=True, winner=True)
    body = render_to_string(
        "notifications/scoring_result_body.txt",
        {"row": row, "steps": [], "evaluation": SimpleNamespace(pk=1)},
    )
    assert "R-27.1.1" in body
