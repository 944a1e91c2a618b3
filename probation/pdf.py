"""The act of confirmation or termination at the end of the probation (R-39.4, R-39.5): a pure renderer and
the stored file (recruitment/lib/pdf.py store_once), rendered by a worker, never in a request."""

from django.template.loader import render_to_string
from django.utils import translation

from recruitment.lib.pdf import html_to_pdf, store_once

from .models import Probation


def act_pdf_path(probation: Probation) -> str:
    return f"probation/act-{probation.pk}-{probation.state}-{probation.act_number.replace('/', '-')}.pdf"


def render_act(probation: Probation) -> bytes:
    """The act in the institution's language (Albanian by default)."""
    with translation.override("sq"):
        html = render_to_string(
            "probation/act_pdf.html", {"probation": probation, "end": probation.end(probation.decided_on)}
        )
    return html_to_pdf(html)


def act_pdf_ensure(probation: Probation) -> str:
    return store_once(act_pdf_path(probation), lambda: render_act(probation))
