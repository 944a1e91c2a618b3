"""The receipt of a submission: a pure renderer (submission, language) -> PDF bytes, built only from the
submission's frozen copy, and the small helpers that keep one stored copy of it in the private storage.

The stored copy is written by whoever needs it first: the worker delivering the "application received"
message (which attaches it), or the applicant downloading it. Never in the submit request itself.
"""

import zoneinfo

from django.template.loader import render_to_string
from django.utils import timezone, translation

from recruitment.lib.languages import pick_language  # the helper's home; importable from here as before
from recruitment.lib.pdf import html_to_pdf, store_once

from .models import ApplicationSubmission

RECEIPT_MESSAGE_KIND = "application.received"


def receipt_context(submission, *, language: str) -> dict:
    ctx = submission.context_snapshot
    profile = submission.profile_snapshot.get("personal", {})
    tz = zoneinfo.ZoneInfo(ctx.get("time_zone") or "Europe/Belgrade")
    documents = []
    for item in submission.checklist_snapshot:
        for doc in item.get("documents", []):
            documents.append(
                {
                    "item": pick_language(item["name"], language),
                    "label": doc["label"],
                    "sha256": doc["sha256"],
                    "size": doc["size"],
                }
            )
    return {
        "reference": submission.reference,
        "number": submission.number,
        "submitted_at": submission.submitted_at.astimezone(tz),
        "time_zone": str(tz),
        "institution": pick_language(ctx.get("institution"), language),
        "announcement_reference": ctx["announcement"]["reference"],
        "announcement_title": pick_language(ctx["announcement"]["title"], language),
        "position_code": ctx["position"].get("code", ""),
        "position_title": pick_language(ctx["position"]["title"], language),
        "place": pick_language(ctx.get("place"), language) if ctx.get("place") else "",
        "applicant_name": " ".join(p for p in (profile.get("first_name"), profile.get("last_name")) if p),
        "personal_number": profile.get("personal_number", ""),
        "documents": documents,
        "declaration": ctx.get("declaration", {}).get("text", ""),
        "assisted": submission.assisted,
        "printed_at": timezone.now().astimezone(tz),
        "LANGUAGE_CODE": language,
    }


def render_receipt_pdf(submission, *, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(
            "applications/receipt_pdf.html", receipt_context(submission, language=language)
        )
    return html_to_pdf(html)


def receipt_language(submission) -> str:
    return submission.context_snapshot.get("declaration", {}).get("language") or "sq"


def receipt_ensure(submission) -> str:
    """The stored receipt's path, rendering and storing it first when it is not there yet."""
    return store_once(
        submission.receipt_path, lambda: render_receipt_pdf(submission, language=receipt_language(submission))
    )


def receipt_ensure_for_message(message) -> None:
    """notifications' attachment builder for "application received" (see apps.py)."""

    token = message.attachment_path.rsplit("/", 1)[-1].removesuffix(".pdf")
    submission = ApplicationSubmission.objects.get(token=token)
    receipt_ensure(submission)
