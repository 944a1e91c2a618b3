"""The committee's pages as a member uses them (issue 9): the question import takes sections by the names the page
shows, in any of the three languages, or by key, and says a wrong column or section once; marks and totals are
written in one number format per language; the fields needed to submit a sheet are marked before submitting."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from scoring import imports, services
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import professional_questions
from tests.scoring.results_helpers import candidate, written_and_interviews

pytestmark = pytest.mark.django_db


def _csv(sections) -> bytes:
    lines = ["section,weight,question,correct,A,B,C"]
    lines += [f"{section},1.75,Pyetja {n}?,A,Po,Jo,Ndoshta" for n, section in enumerate(sections, start=1)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    "name",
    [
        "Njohuritë e përgjithshme",
        "njohurite e pergjithshme",
        "Opšta znanja",
        "General knowledge",
        "general_knowledge",
        "GENERAL KNOWLEDGE",
    ],
)
def test_a_section_is_read_by_the_name_shown_in_any_language_or_by_its_key(name):
    questions, errors = imports.parse_questions(_csv([name]))
    assert errors == [] and questions[0]["section"] == "general_knowledge"


def test_every_section_name_the_page_shows_is_accepted_in_every_language():
    from scoring.schemes import SECTION_LABELS

    for code in ("sq", "sr-latn", "en"):
        with translation.override(code):
            shown = [str(label) for label in SECTION_LABELS.values()]
        questions, errors = imports.parse_questions(_csv(shown))
        assert errors == [], code
        assert [q["section"] for q in questions] == list(SECTION_LABELS)


def test_a_wrong_section_on_56_rows_is_reported_once_naming_the_lines(english):
    questions, errors = imports.parse_questions(_csv(["Njohuri të gabuara"] * 56))
    assert len(errors) == 1
    assert errors[0].startswith("Lines 2–57: the section “Njohuri të gabuara” is not known")
    assert "General knowledge (general_knowledge)" in errors[0]


def test_a_wrong_header_is_reported_once_naming_what_is_missing(english):
    data = _csv(["general_knowledge"] * 56).replace(b"section,", b"seksioni,", 1)
    questions, errors = imports.parse_questions(data)
    assert questions == [] and len(errors) == 1 and "missing: section" in errors[0]


def test_the_chair_imports_a_test_written_with_the_albanian_section_names(evaluation, chair):
    from scoring.schemes import SECTION_LABELS

    with translation.override("sq"):
        names = {key: str(label) for key, label in SECTION_LABELS.items()}
    lines = ["section,weight,question,correct,A,B"]
    lines += [
        f"{names[section]},{weight},Pyetja {n}?,A,Po,Jo"
        for n, (section, weight) in enumerate(professional_questions(), start=1)
    ]
    assert (
        services.test_questions_import(
            evaluation=evaluation, actor=chair, data=("\n".join(lines) + "\n").encode()
        )
        == 50
    )
    assert set(evaluation.test_questions.values_list("section", flat=True)) == {
        "general_knowledge",
        "general_skills",
        "job_knowledge",
    }


def test_the_page_lists_the_section_names_it_accepts(evaluation, chair):
    body = (
        login_with_second_factor(Client(), chair)
        .get(reverse("scoring:evaluation", args=[evaluation.pk]))
        .content.decode()
    )
    assert "Njohuritë e përgjithshme" in body and "<code>general_knowledge</code>" in body


# --- One number format per language -------------------------------------------------------------------------------


@pytest.fixture
def marked(evaluation, chair, members):
    ana = candidate(evaluation, "Ana Gashi")
    written_and_interviews(evaluation, chair, {ana: "60.5"})
    marks = {"1": "4.50", "2": "4", "3": "4", "4": "4", "5": "4"}  # 20.50
    services.sheet_save(
        candidate=ana,
        actor=members[1],
        marks=marks,
        submit=True,
        justifications={line: "Arsyetim." for line in marks},
    )
    return ana


def _numbers(html: str) -> set[str]:
    main = html.split('id="main"', 1)[-1]
    return set(re.findall(r"(?<![\d.,])\d+[.,]\d\d(?![\d.,])", re.sub(r"<[^>]+>", " ", main)))


@pytest.mark.parametrize(
    "language, mark, total, other",
    [("sq", "4,50", "20,50", "."), ("sr-latn", "4,50", "20,50", "."), ("en", "4.50", "20.50", ",")],
)
def test_a_mark_and_its_total_are_written_alike_in_each_language(
    marked, evaluation, committee_member, language, mark, total, other
):
    with translation.override(language):
        url = reverse("scoring:sheet", args=[evaluation.pk, marked.pk])
    body = login_with_second_factor(Client(), committee_member).get(url).content.decode()
    numbers = _numbers(body)
    assert mark in numbers and total in numbers
    assert not [n for n in numbers if other in n], numbers  # nothing in the other format


def test_the_evaluation_page_writes_the_written_scores_in_the_language_s_format(marked, evaluation, chair):
    body = (
        login_with_second_factor(Client(), chair)
        .get(reverse("scoring:evaluation", args=[evaluation.pk]))
        .content.decode()
    )
    assert "60,50" in body and "60.50" not in body


# --- Required fields marked before submitting ---------------------------------------------------------------------


def test_the_mark_and_the_justification_are_marked_as_needed_before_submitting(
    evaluation, chair, members, english
):
    ana = candidate(evaluation, "Ana Gashi")
    written_and_interviews(evaluation, chair, {ana: "60"})
    with translation.override("en"):
        url = reverse("scoring:sheet", args=[evaluation.pk, ana.pk])
    body = login_with_second_factor(Client(), members[1]).get(url).content.decode()
    for field in ("mark_1", "note_1"):
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', body).group(0)
        assert "required" in tag and 'aria-required="true"' in tag, tag
        label = re.search(rf'<label for="id_{field}">(.*?)</label>', body, re.S).group(1)
        assert 'class="required-marker"' in label and "*" in label
    assert "Fields marked * are needed to submit your sheet" in body
