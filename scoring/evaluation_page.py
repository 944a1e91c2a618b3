"""The committee's evaluation page (issue 13: the target is 15 × a bare Django request, and the same work at 5
or at 300 candidates): its reads, each compiled to SQL once per process, and its tables' rows written out.

A signed-in page's middleware costs 5.5–6 M instructions and base.html about 4.5 M, which leaves about 5 M for
the page: less than Django's compiler spent on the one read of the evaluation with its position (about 12 M:
the translated models are wide), and a Django template cost about 0.2 M a table row. So:

- one read of the evaluation, the position, its announcement's reference, the member's seat and committee and
  every figure the page states (questions, members, candidates, invited, the sitting's counts) and the
  interview's questions — 404 when the user has no active seat on the position's committee, as
  ``selectors.evaluation_for_member``;
- one read of a page of the candidates' table (only once names may be shown: R-20.3, R-13.6), one of a page of
  the interview's (or F1's documents') sheets, with the step's submitted totals aggregated in the same query;
each built with the ORM once (sentinel ids in place of the request's) and then run with the request's ids
(recruitment.lib.compiled.tuples). The pages are ``PER_PAGE`` rows, the two tables paged on their own
(``CANDIDATES_VAR``, ``SHEETS_VAR``) with plain links: the URL without a query string is the first page of
both. The rows and the pagers are written in Python (``html.escape`` on every value), in the order of names
(R-18.4): the names the candidate keeps from the shortlist, which an index orders (scoring migrations 0011,
0012), so a page reads its rows without sorting the others."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from typing import Any, cast

from django.contrib.postgres.aggregates import JSONBAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    DEFERRED,
    CharField,
    Count,
    Exists,
    F,
    Func,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, JSONObject
from django.http import Http404
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from committees import rules as committee_rules
from committees.models import Committee, Seat, SeatStatus
from committees.selectors import candidate_list, member_may_see_candidates
from recruitment.collation import albanian_name_order
from recruitment.lib import compiled
from recruitment.lib.json_pages import CountedRows
from recruitment.lib.urls import pattern as url_pattern
from vacancies.models import Announcement, Position

from . import rules, selectors
from .models import (
    Evaluation,
    EvaluationCandidate,
    InterviewQuestion,
    InterviewSheet,
    SheetStatus,
    TestQuestion,
)
from .templatetags.points import show_points

PER_PAGE = 25
CANDIDATES_VAR = "page"  # the candidates' table
SHEETS_VAR = "sheets"  # the interview's or the documents' table


def _count(queryset: QuerySet) -> Subquery:
    """``SELECT COUNT(id) ... WHERE ...`` as a scalar subquery (no GROUP BY: COUNT as a plain function)."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def _built(model: Any, values: dict) -> Any:
    """An instance of ``model`` from some of its columns (``attname: value``), as the ORM builds one that read
    only those (the others deferred)."""
    return model.from_db(
        "default",
        [f.attname for f in model._meta.concrete_fields],
        [values.get(f.attname, DEFERRED) for f in model._meta.concrete_fields],
    )


_EVALUATION_FIELDS = tuple(f.attname for f in Evaluation._meta.concrete_fields if f.name != "test_snapshot")
_POSITION_FIELDS = ("code", "title_sq", "title_sr_latn", "title_en", "announcement_id")
_COMMITTEE_FIELDS = ("id", "position_id", "composition", "candidate_names")
_SEAT_FIELDS = ("id", "committee_id", "seat_key", "slot", "member_id", "status")
_CANDIDATE_COUNTS = {
    "admitted": Count("pk"),
    "invited": Count("pk", filter=Q(invited_to_interview=True)),
    "started": Count("pk", filter=Q(sitting_started_at__isnull=False)),
    "handed_in": Count("pk", filter=Q(handed_in_at__isnull=False)),
    "imported": Count("pk", filter=Q(written_source="import")),
}


def _head_query(user_id: int, pk: int) -> QuerySet:
    seat = "position__committee__seats__"
    return (
        Evaluation.objects.filter(
            pk=pk, **{f"{seat}member__user_id": user_id, f"{seat}status": SeatStatus.ACTIVE}
        )
        .annotate(
            has_shortlist=Exists(
                Position.objects.filter(pk=OuterRef("position_id"), shortlist__isnull=False)
            ),
            question_count=_count(TestQuestion.objects.filter(evaluation=OuterRef("pk"))),
            member_count=_count(
                Seat.objects.filter(committee=OuterRef("position__committee__id"), status=SeatStatus.ACTIVE)
            ),
            candidate_counts=Subquery(
                EvaluationCandidate.objects.filter(evaluation=OuterRef("pk"))
                .order_by()
                .values("evaluation")
                .annotate(counts=JSONObject(**_CANDIDATE_COUNTS))
                .values("counts")
            ),
            # The interview's questions in their order, as JSON (the maximum as text: JSON has no decimals).
            questions=Subquery(
                InterviewQuestion.objects.filter(evaluation=OuterRef("pk"))
                .order_by()
                .values("evaluation")
                .annotate(
                    all=JSONBAgg(
                        JSONObject(
                            text="text",
                            maximum=Cast("maximum", output_field=CharField()),
                            in_foreign_language="in_foreign_language",
                        ),
                        order_by="number",
                    )
                )
                .values("all")
            )
            if _postgres()
            else Value(None, output_field=JSONField()),  # read after, in head_for_member (the demo's SQLite)
        )
        .order_by(f"{seat}id")
        .values_list(
            *_EVALUATION_FIELDS,
            *(f"position__{name}" for name in _POSITION_FIELDS),
            "position__announcement__reference",
            *(f"position__committee__{name}" for name in _COMMITTEE_FIELDS),
            *(f"{seat}{name}" for name in _SEAT_FIELDS),
            "has_shortlist",
            "question_count",
            "member_count",
            "candidate_counts",
            "questions",
        )
    )


@dataclass
class Head:
    """What the page shows before its tables: the evaluation (its position and the announcement's reference
    attached, the test's snapshot not read), the member's seat (its committee attached) and the figures."""

    evaluation: Evaluation
    seat: Seat
    question_count: int
    member_count: int
    counts: dict = field(default_factory=dict)
    scheme: Any = None  # evaluation.scheme, built once (it is parsed from the stored JSON at each access)
    questions: list = field(
        default_factory=list
    )  # the interview's: text, maximum (text), in_foreign_language


def head_for_member(*, user, pk: int) -> Head:
    """The evaluation ``pk`` of a committee on which the user has an active seat, as Head; 404 for any
    other (no hint it exists). ``evaluation.member_declared`` as selectors.evaluation_for_member sets it
    (R-13.6)."""
    found = compiled.tuples(("evaluation_page:head",), _head_query, user.pk, pk)
    if not found:
        raise Http404
    values = iter(found[0])

    def take(names) -> dict:
        return {name: next(values) for name in names}

    evaluation = _built(Evaluation, take(_EVALUATION_FIELDS))
    position = _built(Position, {"id": evaluation.position_id, **take(_POSITION_FIELDS)})
    position.announcement = _built(Announcement, {"id": position.announcement_id, **take(("reference",))})
    committee = _built(Committee, take(_COMMITTEE_FIELDS))
    seat = _built(Seat, take(_SEAT_FIELDS))
    has_shortlist, question_count, member_count, counts, questions = values
    committee.position = position
    seat.committee = committee
    position.committee = committee
    evaluation.position = position
    # as selectors.evaluation_for_member decides it; where the portal holds no list of candidates (no
    # shortlist, no names typed on the committee) there is nothing to declare against and nothing to read.
    if has_shortlist or committee.candidate_names.strip():
        evaluation.member_declared = not candidate_list(committee) or member_may_see_candidates(seat=seat)
    else:
        evaluation.member_declared = True
    counts = counts or dict.fromkeys(_CANDIDATE_COUNTS, 0)
    if not _postgres():  # no JSONB aggregate: the questions in a query of their own
        questions = [
            {"text": q.text, "maximum": str(q.maximum), "in_foreign_language": q.in_foreign_language}
            for q in InterviewQuestion.objects.filter(evaluation_id=evaluation.pk).order_by("number")
        ]
    return Head(
        evaluation, seat, question_count or 0, member_count or 0, counts, _scheme(evaluation), questions or []
    )


# Scheme (frozen) by its stored JSON: evaluation.scheme parses and checks it at every access.
_schemes: dict[str, Any] = {}


def _scheme(evaluation: Evaluation) -> Any:
    key = json.dumps(evaluation.scheme_data, sort_keys=True)
    scheme = _schemes.get(key)
    if scheme is None:
        if len(_schemes) >= 256:  # bounded: a process sees a few schemes (the lawful ones, some custom)
            _schemes.clear()
        scheme = _schemes[key] = evaluation.scheme
    return scheme


def is_chair(seat: Seat) -> bool:
    return (seat.seat_key, seat.slot) == committee_rules.chair_position(seat.committee.composition)


# --- The tables ---------------------------------------------------------------------------------------------

_ACCOUNT = "application__applicant__"
_CANDIDATE_COLUMNS = (
    "pk",
    "code",
    "first_name",
    "last_name",
    f"{_ACCOUNT}first_name",
    f"{_ACCOUNT}last_name",
    f"{_ACCOUNT}username",
    "written_score",
    "invited_to_interview",
    "absent_from_interview_at",
)
# The order of names on the names the candidate keeps: an index gives it (migration 0012), so a page
# reads its 25 rows, and their accounts, without sorting the others.
_NAME_ORDER = albanian_name_order("last_name", "first_name", "code")


def _name(row) -> str:
    return selectors.shown_name(*row[2:7])


def _candidates_query(evaluation_pk: int) -> QuerySet:
    return (
        EvaluationCandidate.objects.filter(evaluation_id=evaluation_pk)
        .order_by(*_NAME_ORDER)
        .values_list(*_CANDIDATE_COLUMNS)
    )


def _sheets_query(step: str, evaluation_pk: int, committee_pk: int) -> QuerySet:
    """The candidates marked in ``step`` (the interview: the invited), each with the totals of the sheets
    submitted by the committee's sitting members (R-23.9: the score once all are in)."""
    candidates = EvaluationCandidate.objects.filter(evaluation_id=evaluation_pk)
    if step == "interview":
        candidates = candidates.filter(invited_to_interview=True)
    totals = InterviewSheet.objects.filter(
        candidate=OuterRef("pk"),
        step=step,
        status=SheetStatus.SUBMITTED,
        seat__committee_id=committee_pk,
        seat__status=SeatStatus.ACTIVE,
    ).order_by()  # InterviewSheet's own order joins each candidate's sheets to evaluations and committees
    return (
        candidates.annotate(
            totals=ArraySubquery(totals.values("total"))
            if _postgres()
            else Value(None, output_field=JSONField())
        )
        .order_by(*_NAME_ORDER)
        .values_list(*_CANDIDATE_COLUMNS, "totals")
    )


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _with_totals(rows: list, step: str, committee_pk: int) -> list:
    """The page's rows with their submitted sheets' totals (the last column), read in one query: the demo's
    SQLite has no array subquery."""
    totals: dict[int, list] = {row[0]: [] for row in rows}
    for candidate_id, total in InterviewSheet.objects.filter(
        candidate_id__in=totals,
        step=step,
        status=SheetStatus.SUBMITTED,
        seat__committee_id=committee_pk,
        seat__status=SeatStatus.ACTIVE,
    ).values_list("candidate_id", "total"):
        totals[candidate_id].append(total)
    return [(*row[:-1], totals[row[0]]) for row in rows]


def _page(count: int, number, read: Callable[[int, int], list]) -> Page:
    return Paginator(cast(Any, CountedRows(count, read)), PER_PAGE).get_page(number)


def pager_html(page: Page, var: str, keep: str, label: str) -> str:
    """templates/_pagination.html's pager for one of the page's two tables, written out (an include cost as
    much as a table's rows): ``var`` the table's parameter, ``keep`` the other table's ("sheets=2" or ""),
    ``label`` the navigation's own name (two on one page must differ)."""
    if page.paginator.num_pages <= 1:
        return ""
    query = f"?{escape(keep)}&amp;{var}=" if keep else f"?{var}="
    links = []
    if page.has_previous():
        links.append(
            f'<a href="{query}{page.previous_page_number()}" rel="prev">{escape(gettext("Previous"))}</a>'
        )
    of = gettext("Page %(n)s of %(total)s") % {"n": page.number, "total": page.paginator.num_pages}
    links.append(f"<span>{escape(of)}</span>")
    if page.has_next():
        links.append(f'<a href="{query}{page.next_page_number()}" rel="next">{escape(gettext("Next"))}</a>')
    inner = "\n  ".join(links)
    return mark_safe(f'<nav class="pagination" aria-label="{escape(label)}">\n  {inner}\n</nav>')


def candidates_page(head: Head, number) -> Page:
    """A page of the candidates' table, in the order of names and numbered across the pages: its
    ``object_list`` the rows (number, name, code, written score, invited), ``rows_html`` the table's rows.
    Only once names may be shown (the caller's check: R-20.3, R-13.6)."""
    evaluation = head.evaluation
    has_written = any(step.key == "written" for step in head.scheme.steps)

    def read(start: int, stop: int) -> list:
        return compiled.tuples(
            ("evaluation_page:candidates",),
            _candidates_query,
            evaluation.pk,
            limit=stop - start,
            offset=start,
        )

    page = _page(head.counts["admitted"], number, read)
    page.object_list = [
        {"number": n, "pk": row[0], "code": row[1], "name": _name(row), "score": row[7], "invited": row[8]}
        for n, row in enumerate(page.object_list, start=page.start_index())
    ]
    did_not_sit, invited, not_invited = (
        escape(gettext("did not sit")),
        escape(gettext("invited")),
        escape(gettext("not invited")),
    )
    separator = get_format("DECIMAL_SEPARATOR")
    out = []
    for row in page.object_list:
        if row["score"] is not None:
            shown = escape(show_points(row["score"], separator))
        else:
            shown = did_not_sit if has_written else "—"
        out.append(
            f'<tr><th scope="row">{row["number"]}</th><td>{escape(row["name"])}</td>'
            f'<td><code>{escape(row["code"])}</code></td><td class="number">{shown}</td>'
            + (f"<td>{invited if row['invited'] else not_invited}</td>" if has_written else "")
            + "</tr>"
        )
    page.rows_html = mark_safe("\n".join(out))  # type: ignore[attr-defined]
    return page


def sheets_page(head: Head, step: str, number, *, chair: bool) -> Page:
    """A page of the interview's (``step`` "interview": the invited) or the documents' sheets: each
    candidate's name linking to the member's sheet, with the code at the interview, how many sheets are in,
    and the step's score once every sitting member's is (R-23.9); at the interview the chair's link to record
    an absence (R-22, R-23) while nobody has marked the candidate. ``object_list``: the rows' figures;
    ``rows_html``: the table's rows."""
    evaluation = head.evaluation
    interview = step == "interview"
    scheme_step = head.scheme.step(step)
    members = head.member_count
    count = head.counts["invited"] if interview else head.counts["admitted"]

    def read(start: int, stop: int) -> list:
        rows = compiled.tuples(
            ("evaluation_page:sheets", step),
            lambda e, c: _sheets_query(step, e, c),
            evaluation.pk,
            head.seat.committee_id,
            limit=stop - start,
            offset=start,
        )
        return rows if _postgres() else _with_totals(rows, step, head.seat.committee_id)

    page = _page(count, number, read)
    page.object_list = [
        _sheet_row(row, scheme_step, members, interview=interview) for row in page.object_list
    ]
    page.rows_html = _sheet_rows_html(  # type: ignore[attr-defined]
        page.object_list,
        evaluation,
        interview=interview,
        may_record=chair and interview and evaluation.status == "interviews",
    )
    return page


def _sheet_row(row, scheme_step, members: int, *, interview: bool) -> dict:
    totals = row[10] or []
    complete = members > 0 and len(totals) == members
    score = rules.step_score(scheme_step, totals, members_expected=members) if complete else None
    return {
        "pk": row[0],
        "code": row[1],
        "name": _name(row),
        "submitted": len(totals),
        "members": members,
        "score": score,  # exact; shown, never compared
        "absent": interview and row[9] is not None,
    }


def _sheet_rows_html(rows: list[dict], evaluation, *, interview: bool, may_record: bool) -> str:
    sheet_url = escape(url_pattern("scoring:sheet" if interview else "scoring:documents_sheet", 2))
    absence_url = escape(url_pattern("scoring:interview_absence", 2))
    absent_text = escape(gettext("absent from the interview: not marked, not ranked"))
    record_absent = escape(gettext("Record absent from the interview…"))
    separator = get_format("DECIMAL_SEPARATOR")
    out = []
    for row in rows:
        name = f'<a href="{sheet_url.format(evaluation.pk, row["pk"])}">{escape(row["name"])}</a>'
        sheets = f"{row['submitted']} / {row['members']}"
        if interview:
            name += f" <code>{escape(row['code'])}</code>"
            if row["absent"]:
                sheets = absent_text
            elif may_record and not row["submitted"]:
                sheets += (
                    f'\n        <a href="{absence_url.format(evaluation.pk, row["pk"])}">{record_absent}</a>'
                )
        shown = show_points(row["score"], separator) if row["score"] is not None else "—"
        out.append(f'<tr><th scope="row">{name}</th>\n<td>{sheets}</td><td>{escape(shown)}</td></tr>')
    return mark_safe("\n".join(out))


def interview_questions(head: Head) -> list[dict]:
    """The interview's questions in their order: text, ``maximum_text`` as the page shows the maximum ("max.
    20,00") and whether it is asked in the foreign language."""
    separator = get_format("DECIMAL_SEPARATOR")
    # {% blocktranslate with max=… %}max. {{ max }}{% endblocktranslate %}'s message, once per question.
    message = gettext("max. %(max)s")
    return [
        {
            "text": question["text"],
            "maximum_text": message % {"max": show_points(Decimal(question["maximum"]), separator)},
            "in_foreign_language": question["in_foreign_language"],
        }
        for question in head.questions
    ]
