"""The appointment act (R-30.1) as a PDF: a pure renderer (appointment, language) -> bytes, one stored copy
per language in the private storage (it carries the person's name), made by the worker that delivers the
message that attaches it or by the first reader's request through a task (recruitment/lib/pdf_files.py)."""

from django.core.files.storage import storages
from django.template.loader import render_to_string
from django.utils import timezone, translation

from recruitment.lib.languages import pick_language
from recruitment.lib.pdf import html_to_pdf, store_once
from recruitment.lib.pdf_files import LANGUAGES

from .models import Appointment
from .services import candidate_name


def act_context(appointment, *, language: str) -> dict:
    winner = appointment.winner
    position = winner.winners_list.position
    announcement = position.announcement
    institution = announcement.institution
    ctx = (
        winner.application.last_submission.context_snapshot or {}
        if winner.application.last_submission_id
        else {}
    )
    return {
        "appointment": appointment,
        "post": appointment.post,
        "candidate": candidate_name(winner.application),
        "institution": pick_language(ctx.get("institution"), language) or institution.name,
        "announcement_reference": announcement.reference,
        "position_code": position.code,
        "position_title": pick_language((ctx.get("position") or {}).get("title"), language) or position.title,
        "rank": winner.rank,
        "printed_at": timezone.now().astimezone(institution.tzinfo),
        "LANGUAGE_CODE": language,
    }


def render_act_pdf(appointment, *, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string("appointments/act_pdf.html", act_context(appointment, language=language))
    return html_to_pdf(html)


def act_pdf_ensure(appointment, *, language: str) -> str:
    return store_once(
        appointment.act_pdf_path(language), lambda: render_act_pdf(appointment, language=language)
    )


def _appointment(**filters):
    return Appointment.objects.select_related(
        "post",
        "winner__application__last_submission",
        "winner__application__applicant",
        "winner__winners_list__position__announcement__institution",
    ).get(**filters)


def act_ensure_for_message(message) -> None:
    """notifications' attachment builder for the act (see apps.py): the path names the token and the
    language."""
    name = message.attachment_path.rsplit("/", 1)[-1].removesuffix(".pdf")
    token, _sep, language = name.partition("-")
    act_pdf_ensure(_appointment(token=token), language=language)


def act_files_delete(*, application_ids) -> int:
    """Deletes the stored acts of the applications (they carry the person's name), for the data-protection
    layer."""
    storage = storages["private"]
    deleted = 0
    for appointment in Appointment.objects.filter(winner__application_id__in=list(application_ids)).only(
        "token"
    ):
        for language in LANGUAGES:
            path = appointment.act_pdf_path(language)
            if storage.exists(path):
                storage.delete(path)
                deleted += 1
    return deleted
