"""PDFs of the verification: the individual reasoned decision (R-18.6, R-9.3) and the shortlist (R-18.4).

Pure renderers (object, language) -> bytes, and helpers keeping one stored copy in the private storage,
written by whoever needs it first (the worker delivering the message that attaches it, or the public
page's download), never in the request that publishes.
"""

from django.core.files.storage import storages
from django.template.loader import render_to_string
from django.utils import timezone, translation

from recruitment.lib.languages import pick_language
from recruitment.lib.pdf import html_to_pdf, store_once
from vacancies.rules import r32_appeal_applies

from .models import CheckResult, Decision, Review, Shortlist

NOT_ELIGIBLE_MESSAGE_KIND = "verification.not_eligible"
EXCLUDED_MESSAGE_KIND = "verification.excluded"
DECISION_MESSAGE_KINDS = (NOT_ELIGIBLE_MESSAGE_KIND, EXCLUDED_MESSAGE_KIND)


def decision_path(review, decision: str) -> str:
    """Named by the review's random token and the decision (an exclusion after a rejection gets its own)."""
    return f"verification/decisions/{review.token.hex}-{decision}.pdf"


def decision_context(review, *, decision: str, language: str) -> dict:
    position = review.position
    announcement = position.announcement
    institution = announcement.institution
    tz = institution.tzinfo
    ctx = review.submission.context_snapshot or {}
    not_met = [
        {"label": pick_language(c.label, language), "result": c.get_result_display(), "note": c.note}
        for c in review.checks.all()
        if c.result in (CheckResult.NOT_MET, CheckResult.NOT_VERIFIABLE)
    ]

    return {
        "appeal_r32": r32_appeal_applies(announcement.rule_set),  # R-32: 01/2024's procedures only
        "review": review,
        "decision": decision,
        "reasons": review.reason_labels(),
        "explanation": review.explanation,
        "not_met": not_met,
        "institution": pick_language(ctx.get("institution"), language) or institution.name,
        "institution_email": announcement.contact_email,
        "announcement_reference": announcement.reference,
        "announcement_title": pick_language((ctx.get("announcement") or {}).get("title"), language)
        or announcement.title,
        "position_code": position.code,
        "position_title": pick_language((ctx.get("position") or {}).get("title"), language) or position.title,
        "candidate": review.full_name,
        "reference": review.reference,
        "closed_at": position.closed_at.astimezone(tz) if position.closed_at else None,
        # a rejection is decided and told with the publication; an exclusion when recorded.
        "decided_at": _decision_date(review, decision).astimezone(tz),
        "printed_at": timezone.now().astimezone(tz),
        "LANGUAGE_CODE": language,
    }


def _decision_date(review, decision: str):
    if decision != Decision.EXCLUDED:
        shortlist = Shortlist.objects.filter(position_id=review.position_id).only("published_at").first()
        if shortlist is not None:
            return shortlist.published_at
    return review.decided_at or timezone.now()


def render_decision_pdf(review, *, decision: str, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(
            "verification/decision_pdf.html", decision_context(review, decision=decision, language=language)
        )
    return html_to_pdf(html)


def decision_ensure(review, decision: str) -> str:
    language = review.application.language or "sq"
    return store_once(
        decision_path(review, decision),
        lambda: render_decision_pdf(review, decision=decision, language=language),
    )


def decision_files_delete(*, application_ids) -> int:
    """Deletes the decision PDFs made for the applications (they carry the person's name): for the
    data-protection layer's erasure and retention (privacy calls this; the files are this app's). Returns how
    many were deleted."""

    storage = storages["private"]
    deleted = 0
    for review in Review.objects.filter(application_id__in=list(application_ids)).only("token"):
        for decision in Decision.values:
            path = decision_path(review, decision)
            if storage.exists(path):
                storage.delete(path)
                deleted += 1
    return deleted


def decision_ensure_for_message(message) -> None:
    """notifications' attachment builder for the decisions (see apps.py)."""

    name = message.attachment_path.rsplit("/", 1)[-1].removesuffix(".pdf")
    token, _sep, decision = name.partition("-")
    review = (
        Review.objects.select_related("position__announcement__institution", "submission", "application")
        .prefetch_related("checks")
        .get(token=token)
    )
    decision_ensure(review, decision)


def render_shortlist_pdf(shortlist, entries: list[dict], *, language: str) -> bytes:
    position = shortlist.position
    institution = position.announcement.institution
    tz = institution.tzinfo
    with translation.override(language):
        html = render_to_string(
            "verification/shortlist_pdf.html",
            {
                "shortlist": shortlist,
                "entries": entries,
                "position": position,
                "announcement": position.announcement,
                "institution": institution,
                "published_at": shortlist.published_at.astimezone(tz),
                "changed_at": shortlist.changed_at.astimezone(tz) if shortlist.changed_at else None,
                "printed_at": timezone.now().astimezone(tz),
                "LANGUAGE_CODE": language,
            },
        )
    return html_to_pdf(html)


def shortlist_pdf_ensure(shortlist, entries: list[dict], *, language: str) -> str:
    return store_once(
        shortlist.pdf_path(language), lambda: render_shortlist_pdf(shortlist, entries, language=language)
    )
