"""Finding 3: the written test was not anonymous during the sitting. On the committee's evaluation page the rows kept
one order and changed live: an ordinary member saw row 2 turn from "—" to "48,00" the moment a named candidate
handed in, and then saw her code in that row before the lock (R-20.3, R-21.11).

Now, until the committee locks the written results, every page, file and JSON a member can reach says how many
candidates have handed in, never which; it has no row per candidate and no code. These tests reproduce the probe and
walk every committee page during and after the sitting."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from scoring import services
from scoring.templatetags.points import show_points
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import NAMES, end_sitting, professional_questions, questions_csv, sealed_yesterday
from tests.scoring.conftest import candidates, chair, committee, evaluation, members, position

pytestmark = pytest.mark.django_db
# The evaluation's fixtures (tests/scoring/conftest.py), found by pytest under these names in this module.
FIXTURES = (position, chair, members, committee, evaluation, candidates)


def _open_sitting(evaluation, chair):
    services.test_questions_import(
        evaluation=evaluation, data=questions_csv(professional_questions()), actor=chair
    )
    services.test_seal(evaluation=evaluation, actor=chair)
    sealed_yesterday(evaluation)
    services.sitting_open(evaluation=evaluation, minutes=60, actor=chair)
    evaluation.refresh_from_db()
    return evaluation.test_snapshot["questions"]


def _hand_in(candidate, questions, right: int) -> None:
    """The candidate sits with their code (no account) and hands in, ``right`` answers right."""
    sitter = Client()
    sitter.post(reverse("scoring:sitting_enter"), {"code": candidate.code})
    data = {f"q{q['id']}": ["0"] if i < right else ["1"] for i, q in enumerate(questions)}
    data["hand_in"] = "1"
    sitter.post(reverse("scoring:sitting_paper"), data)
    candidate.refresh_from_db()
    assert candidate.handed_in_at is not None


def _without_tokens(body: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def _without_counts(body: str) -> str:
    """The page with the one place that may change when someone hands in, the counts, blanked."""
    return re.sub(
        r'<dl class="facts" id="sitting-counts">.*?</dl>',
        "<dl>COUNTS</dl>",
        _without_tokens(body),
        flags=re.S,
    )


def _links(body: str, candidates) -> list[str]:
    """Anything on a page that ties a candidate's paper to a person: a code, a name, an application id."""
    found = [c.code for c in candidates if c.code in body]
    found += [f"{first} {last}" for first, last in NAMES if first in body or last in body]
    found += [str(c.application_id) for c in candidates if re.search(rf"\b{c.application_id}\b", body)]
    return found


def test_a_member_who_reloads_while_a_named_candidate_hands_in_learns_nothing_about_her_row(
    evaluation, candidates, chair, committee_member
):
    """The probe: the member loads the page, a named candidate hands in, the member reloads."""
    questions = _open_sitting(evaluation, chair)
    member = login_with_second_factor(Client(), committee_member)
    url = reverse("scoring:evaluation", args=[evaluation.pk])
    before = member.get(url).content.decode()
    arta = candidates[0]  # Arta Zhubi, seen leaving the room
    _hand_in(arta, questions, right=30)
    after = member.get(url).content.decode()

    assert _links(before, candidates) == [] and _links(after, candidates) == []
    # Her score, in any way it could be written, is nowhere: no row turned from "—" into it.
    for text in (
        str(arta.written_score),
        show_points(arta.written_score),
        arta.written_score.to_eng_string(),
    ):
        assert text not in after, text
    # The page changed in the count of those who handed in, and nowhere else.
    assert _without_counts(before) == _without_counts(after)
    counts = re.search(r'id="sitting-counts">(.*?)</dl>', after, re.S).group(1)
    assert re.sub(r"\s+", " ", counts).count("<dd>1</dd>") >= 1


def test_the_chair_s_page_is_as_anonymous_as_the_member_s_until_the_lock(evaluation, candidates, chair):
    questions = _open_sitting(evaluation, chair)
    _hand_in(candidates[1], questions, right=50)
    end_sitting(evaluation)
    page = (
        login_with_second_factor(Client(), chair)
        .get(reverse("scoring:evaluation", args=[evaluation.pk]))
        .content.decode()
    )
    assert _links(page, candidates) == []
    assert "<tbody>" not in page.split('id="cand-h"')[1].split("</section>")[0]  # no row per candidate at all


# --- Every committee page, during and after the sitting -------------------------------------------------------------

# The URLs of the committee's apps a member could reach, with how to fill their arguments; a URL added to these apps
# without a line here fails test_every_committee_url_is_walked, so a new page cannot slip past this test.
NOT_FOR_MEMBERS = {  # public or other people's pages, covered by the permission matrix; still requested below
    "scoring:sitting_enter",
    "scoring:sitting_paper",
    "scoring:hr_evaluations",
    "scoring:scheme_compose",
    "scoring:representation",
    "committees:compensation_report",
    "committees:observer_register",
    "committees:observer_home",
    "committees:observer_evaluation",
    "committees:observer_notices",
    "committees:observer_notice_decide",
    "committees:draw_list",
    "committees:draw",
    "committees:draw_json",
    "scoring:public_results",
    "scoring:public_results_pdf",
}


def _urls(evaluation, candidates) -> dict[str, list[str]]:
    committee = evaluation.position.committee
    per_candidate = lambda name: [reverse(name, args=[evaluation.pk, c.pk]) for c in candidates]  # noqa: E731
    ev = [evaluation.pk]
    return {
        "scoring:evaluations": [reverse("scoring:evaluations")],
        "scoring:evaluation": [reverse("scoring:evaluation", args=ev)],
        "scoring:test": [reverse("scoring:test", args=ev)],
        "scoring:test_import": [reverse("scoring:test_import", args=ev)],
        "scoring:test_seal": [reverse("scoring:test_seal", args=ev)],
        "scoring:sitting_open": [reverse("scoring:sitting_open", args=ev)],
        "scoring:results_import": [reverse("scoring:results_import", args=ev)],
        "scoring:written_lock": [reverse("scoring:written_lock", args=ev)],
        "scoring:interview_setup": [reverse("scoring:interview_setup", args=ev)],
        "scoring:sheet": per_candidate("scoring:sheet"),
        "scoring:interview_absence": per_candidate("scoring:interview_absence"),
        "scoring:sheet_correct": [
            reverse("scoring:sheet_correct", args=[evaluation.pk, c.pk, 1]) for c in candidates
        ],
        "scoring:documents_open": [reverse("scoring:documents_open", args=ev)],
        "scoring:documents_sheet": per_candidate("scoring:documents_sheet"),
        "scoring:documents_sheet_correct": [
            reverse("scoring:documents_sheet_correct", args=[evaluation.pk, c.pk, 1]) for c in candidates
        ],
        "scoring:complete": [reverse("scoring:complete", args=ev)],
        "scoring:ranking": [reverse("scoring:ranking", args=ev)],
        "scoring:act_approve": [reverse("scoring:act_approve", args=ev)],
        "scoring:act_pdf": [reverse("scoring:act_pdf", args=ev)],
        "scoring:results_publish": [reverse("scoring:results_publish", args=ev)],
        "scoring:slips": [reverse("scoring:slips", args=ev)],
        "committees:my_committees": [reverse("committees:my_committees")],
        "committees:my_committee": [reverse("committees:my_committee", args=[committee.pk])],
        "scoring:sitting_enter": [reverse("scoring:sitting_enter")],
        "scoring:sitting_paper": [reverse("scoring:sitting_paper")],
        "scoring:hr_evaluations": [reverse("scoring:hr_evaluations")],
        "scoring:scheme_compose": [reverse("scoring:scheme_compose", args=[evaluation.position_id])],
        "scoring:representation": [reverse("scoring:representation")],
        "committees:compensation_report": [reverse("committees:compensation_report")],
        "committees:observer_register": [reverse("committees:observer_register")],
        "committees:observer_home": [reverse("committees:observer_home")],
        "committees:observer_evaluation": [reverse("committees:observer_evaluation", args=[committee.pk])],
        "committees:observer_notices": [reverse("committees:observer_notices")],
        "committees:observer_notice_decide": [reverse("committees:observer_notice_decide", args=[1])],
        "committees:draw_list": [reverse("committees:draw_list")],
        # The draw's public page and JSON name the members drawn, never a candidate (tests/committees); the
        # committee of these fixtures is made without a draw's snapshot, so they are not requested here.
        "committees:draw": [],
        "committees:draw_json": [],
        "scoring:public_results": [reverse("scoring:public_results", args=ev)],
        "scoring:public_results_pdf": [reverse("scoring:public_results_pdf", args=ev)],
    }


def _url_names(namespaces=("scoring", "committees")) -> set[str]:
    names = set()

    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and namespace in namespaces:
                names.add(f"{namespace}:{p.name}")

    walk(get_resolver().url_patterns)
    return names


def test_every_committee_url_is_walked(evaluation, candidates):
    assert _url_names() == set(_urls(evaluation, candidates)), "add the new URL to _urls()"


def _walk(clients, evaluation, candidates) -> list[str]:
    """Every URL of the committee's apps, by GET, as each client: what ties a paper to a person, where."""
    leaks = []
    for who, client in clients.items():
        for urls in _urls(evaluation, candidates).values():
            for url in urls:
                response = client.get(url, follow=True)
                body = b"".join(response) if response.streaming else response.content
                found = _links(body.decode("utf-8", "replace"), candidates)
                if found:
                    leaks.append(f"{who} {url}: {found}")
    return leaks


def test_no_committee_page_links_a_code_a_name_or_a_row_to_a_person_during_and_after_the_sitting(
    evaluation, candidates, chair, committee_member
):
    questions = _open_sitting(evaluation, chair)
    clients = {
        "chair": login_with_second_factor(Client(), chair),
        "member": login_with_second_factor(Client(), committee_member),
    }
    _hand_in(candidates[0], questions, right=30)
    _hand_in(candidates[2], questions, right=45)
    assert _walk(clients, evaluation, candidates) == []  # during the sitting
    end_sitting(evaluation)
    assert _walk(clients, evaluation, candidates) == []  # after it, before the lock
    services.written_lock(evaluation=evaluation, actor=chair)
    page = clients["member"].get(reverse("scoring:evaluation", args=[evaluation.pk])).content.decode()
    assert "Arta Zhubi" in page and candidates[0].code in page  # after the lock: names beside codes
