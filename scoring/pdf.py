"""PDFs of the results: the act closing the competition (R-25.1, R-25.3), the published list of the qualified
(R-25.2) and the yearly representation report (R-28). Pure renderers (data, language) -> bytes."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from recruitment.lib.pdf import html_to_pdf


def _render(template: str, context: dict, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(template, {**context, "printed_at": timezone.now(), "LANGUAGE_CODE": language})
    return html_to_pdf(html)


def _common(evaluation) -> dict:
    scheme = evaluation.scheme
    return {"evaluation": evaluation, "position": evaluation.position,
            "announcement": evaluation.position.announcement,
            "institution": evaluation.position.announcement.institution, "result": evaluation.result,
            "steps": list(scheme.steps), "scheme": scheme}


def render_act(evaluation, table: list[dict], *, language: str) -> bytes:
    """R-25.1: every final score in descending order; the winners, or R-25.3: "without winner"."""
    winners = [item for item in table if item["row"].winner]
    return _render("scoring/act_pdf.html", {**_common(evaluation), "table": table, "winners": winners}, language)


def render_qualified_list(evaluation, table: list[dict], *, language: str) -> bytes:
    return _render("scoring/qualified_pdf.html", {**_common(evaluation), "table": table}, language)


def render_representation(report: dict, *, year: int, language: str) -> bytes:
    return _render("scoring/representation_pdf.html", {"report": report, "year": year}, language)
