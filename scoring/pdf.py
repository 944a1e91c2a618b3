"""PDFs of the results: the act closing the competition (R-25.1, R-25.3), the published list of the qualified
(R-25.2) and the yearly representation report (R-28). Pure renderers (data, language) -> bytes."""

import hashlib
import json

from django.db import connection
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils import timezone, translation

from recruitment.lib.pdf import html_to_pdf, store_once

from . import results, selectors
from .models import EvaluationResult


def _render(template: str, context: dict, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(
            template, {**context, "printed_at": timezone.now(), "LANGUAGE_CODE": language}
        )
    return html_to_pdf(html)


def _common(evaluation) -> dict:
    scheme = evaluation.scheme
    return {
        "evaluation": evaluation,
        "position": evaluation.position,
        "announcement": evaluation.position.announcement,
        "institution": evaluation.position.announcement.institution,
        "result": evaluation.result,
        "steps": list(scheme.steps),
        "scheme": scheme,
    }


def render_act(evaluation, table: list[dict], *, language: str) -> bytes:
    """R-25.1: every final score in descending order; the winners, or R-25.3: "without winner"."""
    winners = [item for item in table if item["row"].winner]
    return _render(
        "scoring/act_pdf.html", {**_common(evaluation), "table": table, "winners": winners}, language
    )


def render_qualified_list(evaluation, table: list[dict], *, language: str) -> bytes:
    return _render("scoring/qualified_pdf.html", {**_common(evaluation), "table": table}, language)


def render_representation(report: dict, *, year: int, language: str) -> bytes:
    return _render("scoring/representation_pdf.html", {"report": report, "year": year}, language)


# --- Stored files (issue 13: rendered by a worker, recruitment/lib/pdf_files.py) ----------------------------

PDF_KINDS = ("act", "qualified")


def results_pdf_path(evaluation, kind: str, language: str) -> str:
    """Where the stored act or qualified list of ``evaluation`` is, in ``language``, named by the content
    version: a digest of the frozen rows (computed by PostgreSQL, the rows are not read here), the publication
    and the act's number. A correction (R-9.3) or the publication is a new file."""

    stored = EvaluationResult.objects.filter(evaluation_id=evaluation.pk)
    if connection.vendor == "postgresql":
        table = EvaluationResult._meta.db_table
        digest, published_at, act_number = (
            stored.annotate(digest=RawSQL(f'md5("{table}"."rows"::text)', []))
            .values_list("digest", "published_at", "act_number")
            .first()
        )
    else:
        rows, published_at, act_number = stored.values_list("rows", "published_at", "act_number").first()
        digest = hashlib.md5(json.dumps(rows, sort_keys=True).encode(), usedforsecurity=False).hexdigest()
    version = hashlib.sha256(f"{digest}|{published_at}|{act_number}".encode()).hexdigest()[:16]
    return f"scoring/results/{evaluation.pk}-{kind}-{version}-{language.replace('_', '-')}.pdf"


def results_pdf_ensure(evaluation, kind: str, language: str) -> str:
    """Renders (once per version) and stores the act (R-25.1, R-25.3) or the qualified list (R-25.2)."""

    def render() -> bytes:
        rows = results.compute_results(evaluation)
        if kind == "qualified":
            rows = [row for row in rows if row.qualified]
        table = selectors.result_table(evaluation, rows)
        renderer = render_act if kind == "act" else render_qualified_list
        return renderer(evaluation, table, language=language.replace("_", "-"))

    return store_once(results_pdf_path(evaluation, kind, language), render)


def representation_pdf_path(report: dict, *, year: int, language: str) -> str:
    """Where the yearly representation report (R-28) of ``report`` (one reader's institutions) is, named by a
    digest of what it shows: a declaration saved or a competition published that year is a new file."""
    content = {
        "year": year,
        "figures": [
            [
                item["figures"].institution_id,
                str(item["figures"].institution),
                item["figures"].category,
                item["figures"].staff,
                item["figures"].with_disability,
                item["figures"].non_majority,
                item["figures"].women,
                item["figures"].men,
            ]
            for item in report["figures"]
        ],
        "competitions": [
            [item["evaluation"].pk, str(item["evaluation"]), str(item["category"])]
            + [item[key] for key in ("ranked", "qualified", "winners", "ties", "lots")]
            for item in report["competitions"]
        ],
        "quotas": [report["disability_quota"], report["non_majority_quota"]],
    }
    version = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:24]
    return f"scoring/representation/{year}-{version}-{language.replace('_', '-')}.pdf"


def representation_pdf_ensure(user, *, year: int, language: str) -> str:
    """Renders (once per version) and stores the representation report of ``user``'s institutions for
    ``year`` (R-28), by a worker (issue 13)."""
    report = selectors.representation_report(user=user, year=year)
    return store_once(
        representation_pdf_path(report, year=year, language=language),
        lambda: render_representation(report, year=year, language=language.replace("_", "-")),
    )
