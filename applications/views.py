"""The applicant's pages (profile, apply, documents, submit, withdraw, receipt) and HR's assisted
application (R-12.1). Views stay thin: they fetch through selectors (404 for what the user may not
see), call one service, and show its refusal as a message on the page."""

import mimetypes
import re
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recruitment.lib import later_steps, outcomes
from recruitment.lib.files import is_remote, presigned_url
from recruitment.lib.rows import formset_rows
from recruitment.lib.urls import pattern as url_pattern
from recruitment.lib.urls import url
from recruitment.permissions import hr_institution_ids, hr_required, is_hr_of
from vacancies.models import AnnouncementStatus, Position

from . import cards, detail_html, detail_reads, documents, rules, selectors, services
from . import library as library_services
from .forms import (
    SECTIONS,
    AssistedPersonalForm,
    AssistedStartForm,
    AttachFromLibraryForm,
    LibraryUploadForm,
    PersonalForm,
    StartForm,
    SubmitForm,
    UploadForm,
)
from .models import ApplicationStatus, EventKind
from .receipts import pick_language, receipt_ensure


def object_view(view):
    """For the pages of one application: 404 for anyone who may not see it, the anonymous visitor
    included (same answer whether it exists or not), with a log-in link for the owner who is signed out."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return render(
                request,
                "applications/not_found.html",
                {"login_url": f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"},
                status=404,
            )
        return view(request, *args, **kwargs)

    return wrapper


def _language(request) -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _refused(request, exc: services.ApplicationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- My applications -----------------------------------------------------------------------------------


def _after_submission(applications: list) -> list:
    """The verification's outcome (R-18) once it was told and the steps after the results
    (recruitment.lib.outcomes and later_steps: verification and the later apps provide), asked only for
    the applications that were ever submitted: a draft has no review, no result and no later step, so a
    page of drafts costs their providers' queries nothing."""
    sent = [app for app in applications if app.status != ApplicationStatus.DRAFT or app.last_submission_id]
    for app in applications:
        app.verification_outcome, app.later_steps, app.later_status = "", [], ""
    if sent:
        later_steps.attach(outcomes.attach(sent))
    return applications


@login_required
def my_applications(request):
    now = timezone.now()
    # The cards' rows read as values, not model instances (selectors.CardRow), and written out in Python
    # (applications/cards.py: issue 13); the link to an application's page is reversed once for all.
    applications = _after_submission(selectors.my_application_card_rows(user=request.user))
    detail_url = url_pattern("applications:detail", 1)
    return render(
        request,
        "applications/my_applications.html",
        {
            "applications": applications,
            "cards": cards.cards_html(applications, user=request.user, now=now, detail_url=detail_url),
            # The page only says whether a profile exists (its lists are read on the profile's page), read
            # with the applications when there are some.
            "profile": applications[0].has_profile if applications else selectors.has_profile(request.user),
            "now": now,
        },
    )


# --- Profile -----------------------------------------------------------------------------------------


def _profile_target(request, application_pk):
    """Whose profile: the user's own, or (R-12.1) the candidate's of an assisted draft HR prepares."""
    if application_pk is None:
        return services.profile_get_or_create(user=request.user), None
    application = selectors.get_application_for_user(request.user, application_pk)
    if not selectors.hr_may_fill_in_profile(application, request.user):  # never a person's own profile
        raise Http404
    return services.profile_get_or_create(user=application.applicant), application


@login_required
def profile_overview(request, application_pk=None):
    profile, application = _profile_target(request, application_pk)
    profile = selectors.profile_for(profile.user)
    return render(
        request,
        "applications/profile.html",
        {
            "profile": profile,
            "sections": SECTIONS,
            "for_application": application,
            "gaps": rules.profile_gaps(services.profile_facts(profile)),
        },
    )


@login_required
def profile_personal(request, application_pk=None):
    profile, application = _profile_target(request, application_pk)
    # HR records the candidate's self-declared community and disability but never reads them back.
    form_class = PersonalForm if application is None else AssistedPersonalForm
    form = form_class(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_update(profile=profile, values=form.cleaned_data, actor=request.user)
        messages.success(request, _("Personal data saved."))
        return redirect(_profile_url(application))
    return render(
        request, "applications/profile_personal.html", {"form": form, "for_application": application}
    )


@login_required
def profile_section(request, section, application_pk=None):
    if section not in SECTIONS:
        raise Http404
    title, formset_class, help_text = SECTIONS[section]
    profile, application = _profile_target(request, application_pk)
    formset = formset_class(request.POST or None, instance=profile, prefix=section)
    if request.method == "POST" and formset.is_valid():
        services.profile_section_save(
            profile=profile, section=section, rows=formset_rows(formset), actor=request.user
        )
        messages.success(request, _("%(section)s saved.") % {"section": title})
        if "add_more" in request.POST:
            return redirect(request.path)
        return redirect(_profile_url(application))
    return render(
        request,
        "applications/profile_section.html",
        {
            "formset": formset,
            "title": title,
            "help_text": help_text,
            "section": section,
            "for_application": application,
        },
    )


def _profile_url(application):
    if application is None:
        return reverse("applications:profile")
    return reverse("applications:candidate_profile", args=[application.pk])


# --- Apply ------------------------------------------------------------------------------------------------


@login_required
def apply_start(request, position_id):
    position = get_object_or_404(
        Position.objects.select_related("announcement__institution").prefetch_related("places", "documents"),
        pk=position_id,
        announcement__status__in=[AnnouncementStatus.PUBLISHED, AnnouncementStatus.CLOSED],
    )
    existing = selectors.my_applications(user=request.user).filter(position=position).first()
    if existing is not None:
        return redirect("applications:detail", existing.pk)
    form = StartForm(request.POST if request.method == "POST" else None, position=position)
    if request.method == "POST" and form.is_valid():
        try:
            application, _created = services.application_start(
                applicant=request.user,
                position=position,
                actor=request.user,
                language=_language(request),
                place=form.cleaned_data.get("place"),
            )
        except services.ApplicationError as exc:
            _refused(request, exc)
        else:
            return redirect("applications:detail", application.pk)
    profile = selectors.profile_for(request.user)
    return render(
        request,
        "applications/apply.html",
        {
            "position": position,
            "announcement": position.announcement,
            "institution": position.announcement.institution,
            "form": form,
            "profile": profile,
            "gaps": rules.profile_gaps(services.profile_facts(profile)),
            "is_open": position.is_open,
        },
    )


@object_view
def application_detail(request, pk):
    # The columns the page shows (detail_reads.application_for_page: selectors.get_application_for_user's).
    application = detail_reads.application_for_page(request.user, pk)
    # The lists, the profile and the person's own library (never HR's view of it, R-12.1) in one statement.
    own = application.applicant_id == request.user.pk
    data = detail_reads.page_lists(application, library_owner_id=request.user.pk if own else None)
    app, profile, library = data["application"], data.pop("profile"), data.pop("library")
    checklist = selectors.checklist_for(app, profile=profile)
    by_slot = {}
    for doc in data["documents"]:
        by_slot.setdefault(doc.slot, []).append(doc)
    language = _language(request).replace("-", "_")
    upload = _upload_inputs()
    urls = _detail_urls(app.pk, app.position.announcement_id, app.position_id)
    document_url, remove_url = (
        url_pattern("applications:document", 2),
        url_pattern("applications:document_remove", 2),
    )
    for doc in data["documents"]:
        doc.url = document_url.format(app.pk, doc.pk)
        doc.remove_url = remove_url.format(app.pk, doc.pk)
    items = [
        {
            "item": item,
            "name": pick_language(item.name, language),
            "notes": pick_language(item.notes, language),
            "documents": by_slot.get(item.slot, []),
            "form": upload.for_slot(item.slot),
        }
        for item in checklist
    ]
    # What was submitted is read from the frozen copy, named as it was then.
    submitted_items = [
        {"name": pick_language(item["name"], language), "documents": item["documents"]}
        for item in (app.last_submission.checklist_snapshot if app.last_submission else [])
    ]
    can_act = selectors.may_act_on(app, request.user)
    _after_submission([app])
    now = timezone.now()
    app.card_open = app.position.is_open
    csrf_input = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    # The library's choices, rendered once for every line of the checklist (not once per line and file),
    # written out (format_html_join and the date filter cost more than the rest of the list).
    library_options = detail_html.library_options(library)
    checklist_html = profile_review_html = ""
    gaps = rules.profile_gaps(services.profile_facts(profile))
    if app.status == ApplicationStatus.DRAFT and app.card_open and can_act:
        # The profile's summary written out (applications/detail_html.py; _profile_review.html's link).
        profile_review_html = detail_html.profile_review_html(
            profile,
            gaps,
            profile_url=(
                urls["candidate_profile"]
                if app.assisted and app.applicant_id != request.user.pk
                else urls["profile"]
            ),
        )
        checklist_html = detail_html.checklist_html(
            items,
            upload_url=urls["upload"],
            attach_url=urls["attach_from_library"],
            csrf_input=csrf_input,
            library_options=library_options if library else "",
        )
    context = {
        **data,
        "app": app,
        "announcement": app.position.announcement,
        "institution": app.position.announcement.institution,
        "items": items,
        "submitted_items": submitted_items,
        "profile": profile,
        "gaps": gaps,
        "profile_review_html": mark_safe(profile_review_html),  # noqa: S308 (every value escaped)
        # The history's lines written out (applications/detail_html.py), in the institution's time zone.
        "history_html": mark_safe(  # noqa: S308 (every value escaped)
            detail_html.history_html(
                data["events"],
                applicant_id=app.applicant_id,
                time_zone=app.position.announcement.institution.time_zone,
            )
        ),
        "can_act": can_act,
        "is_open": app.card_open,
        # The place's choice only where the position is split by place (its places prefetched: StartForm
        # would ask the database again whether there are any).
        "place_form": (
            StartForm(initial={"place": app.place_id}, position=app.position)
            if app.position.places.all()
            else None
        ),
        # (No SubmitForm: the self-declaration and the submit button are on the preview, not here.)
        "declaration": rules.R9_3_SELF_DECLARATION,
        "max_file_mb": documents._mb(rules.document_max_bytes()),
        "max_total_mb": documents._mb(rules.application_max_bytes()),
        "max_files": rules.files_per_request_max(),
        "now": now,
        "decision": _decision_shown(app, request.user),
        # The applicant's own library (never HR's view of it, R-12.1), to attach a file kept once.
        "library": library,
        # One hidden CSRF input for the page's many forms (a masked token is valid in each), not one
        # {% csrf_token %} rendered per line and per file.
        "csrf_input": csrf_input,
        "library_options": library_options,
        "checklist_html": checklist_html,
        # The status and the later steps as "My applications" writes them (applications/cards.py, tested
        # equal to _status.html and _later_steps.html).
        "status_html": mark_safe(cards.status_html(app, user=request.user, now=now)),  # noqa: S308
        "later_steps_html": mark_safe(cards.later_steps_html(app)),  # noqa: S308
        # the result told to the candidate when the results were published (scoring writes the
        # event).
        "result": next((e for e in reversed(data["events"]) if e.kind == EventKind.RESULT_PUBLISHED), None),
    }
    if (
        profile_review_html
        and context["result"] is None
        and context["decision"] is None
        and (len(data["submissions"]) <= 1)
    ):
        # A draft the reader may change (no result, decision or earlier receipts to show): the content block
        # written out (applications/detail_html.draft_content, tested equal to detail.html's).
        context["content_html"] = mark_safe(  # noqa: S308 (every value escaped)
            detail_html.draft_content(
                app=app,
                own=own,
                urls={**urls, "back": urls["mine" if own else "assisted_list"]},
                css_html=_kept_html("css"),
                status_html=context["status_html"],
                later_steps_html=context["later_steps_html"],
                profile_review_html=profile_review_html,
                place_form=context["place_form"],
                csrf_input=csrf_input,
                limits={
                    "max_file_mb": context["max_file_mb"],
                    "max_total_mb": context["max_total_mb"],
                    "max_files": context["max_files"],
                },
                library=bool(library),
                checklist_html=checklist_html,
                history_html=context["history_html"],
            )
        )
        context["title_html"] = mark_safe(detail_html.draft_title(app.position))  # noqa: S308 (escaped)
        context["head_html"] = _kept_html("head")
        return render(request, "applications/detail_written.html", context)
    return render(request, "applications/detail.html", context)


def _detail_urls(pk: int, announcement_id: int, position_id: int) -> dict[str, str]:
    """The draft page's URLs for application ``pk`` (and its position's page), as reverse() gives them,
    reversed once per process (recruitment.lib.urls: a dozen reverse() calls cost about 1 M instructions a
    page, issue 13)."""
    return {
        "candidate_profile": url("applications:candidate_profile", pk),
        "profile": url("applications:profile"),
        "upload": url("applications:upload", pk),
        "attach_from_library": url("applications:attach_from_library", pk),
        "mine": url("applications:mine"),
        "assisted_list": url("applications:assisted_list"),
        "library": url("applications:library"),
        "preview": url("applications:preview", pk),
        "place": url("applications:place", pk),
        "position": url("vacancies:position", announcement_id, position_id),
    }


# detail.html's stylesheet (applications/_css.html) and its head block's script, as the templates render them:
# their static names are the same for every page, rendered once per process.
_KEPT_HTML = {
    "css": '{% include "applications/_css.html" %}',
    "head": "{% load static %}<script src=\"{% static 'js/uploads.js' %}\" defer></script>",
}
_kept: dict[str, str] = {}


def _kept_html(name: str) -> str:
    html = _kept.get(name)
    if html is None:
        html = _kept[name] = engines["django"].from_string(_KEPT_HTML[name]).render()
    return html


_UPLOAD_SLOT = "__slot__"


class _UploadInputs:
    """The upload form's two inputs of a checklist line (UploadForm's hidden slot and its file input, with
    their ids ``id_<slot>_slot``/``id_<slot>_files``), rendered once through the form's widget templates for
    a placeholder slot and written for each line by replacing it: the same HTML, without rendering two widget
    templates per line (issue 13)."""

    def __init__(self):
        form = UploadForm(initial={"slot": _UPLOAD_SLOT}, auto_id=f"id_{_UPLOAD_SLOT}_%s")
        self.slot_html, self.files_html = str(form["slot"]), str(form["files"])

    def for_slot(self, slot: str) -> dict:
        safe = str(escape(slot))
        return {
            "slot": mark_safe(self.slot_html.replace(_UPLOAD_SLOT, safe)),  # noqa: S308 (escaped slot)
            "files": _FileInput(self.files_html.replace(_UPLOAD_SLOT, safe), f"id_{safe}_files"),
        }


class _FileInput(SafeString):
    """A rendered file input that also tells its id (``{{ row.form.files.id_for_label }}``)."""

    def __new__(cls, html: str, id_for_label: str):
        obj = super().__new__(cls, html)
        obj.id_for_label = id_for_label
        return obj


_upload_inputs_kept: dict[tuple, _UploadInputs] = {}


def _upload_inputs() -> _UploadInputs:
    # Kept per process for the reader's language (the file checks' messages) and the limits read from the
    # settings: the inputs carry nothing else.
    key = (translation.get_language(), rules.document_max_bytes(), rules.files_per_request_max())
    kept = _upload_inputs_kept.get(key)
    if kept is None:
        kept = _upload_inputs_kept[key] = _UploadInputs()
    return kept


def _decision_shown(app, user) -> dict | None:
    """The reasoned decision the applicant was told (R-18.6, R-9.3), for their own page: the reasons, HR's
    explanation and the criteria not met, in the reader's language, and the decision's PDF."""
    if app.applicant_id != user.pk or (app.status == ApplicationStatus.DRAFT and not app.last_submission_id):
        return None  # a draft never submitted was never reviewed
    review = outcomes.told_decision(app)
    if review is None:
        return None
    return {
        "kind": review.decision,
        "reasons": review.reason_labels(),
        "explanation": review.explanation,
        "not_met": [c for c in review.checks.all() if c.result in ("not_met", "not_verifiable")],
    }


@object_view
def preview(request, pk):
    """The whole draft as HR will read it once submitted (the profile, the place, the checklist with each file
    and its SHA-256), what would stop the submission, and the self-declaration and submit at its end."""
    application = selectors.get_application_for_user(request.user, pk)
    if not selectors.may_act_on(application, request.user):
        raise Http404
    if application.status != "draft":  # ApplicationStatus.DRAFT: submitted, it has its own page
        return redirect("applications:detail", application.pk)
    data = selectors.application_page_data(application)
    app = data["application"]
    profile = selectors.profile_for(app.applicant)
    checklist = selectors.checklist_for(app, profile=profile)
    language = _language(request).replace("-", "_")
    by_slot = {}
    for doc in data["documents"]:
        by_slot.setdefault(doc.slot, []).append(doc)
    items = [
        {"item": item, "name": pick_language(item.name, language), "documents": by_slot.get(item.slot, [])}
        for item in checklist
    ]
    problems = list(rules.profile_gaps(services.profile_facts(profile)))
    problems += [
        _("Attach: %(name)s.") % {"name": row["name"]}
        for row in items
        if row["item"].required and not row["documents"]
    ]
    if rules.place_needed(len(app.position.places.all())) and app.place_id is None:
        problems.append(_("Choose the place you apply for."))
    return render(
        request,
        "applications/preview.html",
        {
            "app": app,
            "announcement": app.position.announcement,
            "institution": app.position.announcement.institution,
            "profile": profile,
            "items": items,
            "problems": problems,
            "is_open": app.position.is_open,
            "declaration": rules.R9_3_SELF_DECLARATION,
            "total_size": sum(d.size for d in data["documents"]),
        },
    )


@object_view
@require_POST
def choose_place(request, pk):
    application = selectors.get_application_for_user(request.user, pk, related=False)
    form = StartForm(request.POST, position=application.position)
    if form.is_valid():
        try:
            services.application_choose_place(
                application=application, place=form.cleaned_data.get("place"), actor=request.user
            )
            messages.success(request, _("Place saved."))
        except services.ApplicationError as exc:
            _refused(request, exc)
    else:
        messages.error(request, _("Choose one of the places of this position."))
    return redirect("applications:detail", application.pk)


# --- Documents -------------------------------------------------------------------------------------------


def _request_too_big(request) -> bool:
    """Refuse before Django reads a body no accepted upload can have (files per request × size limit)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > rules.files_per_request_max() * rules.document_max_bytes() + 1024 * 1024


@object_view
@require_POST
def document_upload(request, pk):
    application = selectors.get_application_for_user(request.user, pk, related=False)
    if not selectors.may_act_on(application, request.user):  # HR may read a candidate's file, not add to it
        raise Http404
    if _request_too_big(request):
        messages.error(
            request,
            _("The files are too large: each file may be at most %(max)s MB.")
            % {"max": documents._mb(rules.document_max_bytes())},
        )
        return redirect("applications:detail", application.pk)
    try:
        form = UploadForm(request.POST, request.FILES)
        valid = form.is_valid()
    except (RequestDataTooBig, TooManyFilesSent):
        valid, form = False, None
    if not valid:
        if form is None:
            messages.error(request, _("The request is too large."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("applications:detail", application.pk)
    try:
        added = services.documents_add(
            application=application,
            slot=form.cleaned_data["slot"],
            uploads=form.cleaned_data["files"],
            actor=request.user,
        )
    except services.ApplicationError as exc:
        _refused(request, exc)
        return redirect("applications:detail", application.pk)
    for doc in added:
        messages.success(request, _("“%(name)s” attached.") % {"name": doc.label})
    response = redirect(
        reverse("applications:detail", args=[application.pk]) + f"#item-{form.cleaned_data['slot']}"
    )
    response["X-Documents-Attached"] = ",".join(str(doc.pk) for doc in added)
    return response


@object_view
@require_POST
def document_remove(request, pk, document_pk):
    application, document = selectors.get_document_for_user(request.user, pk, document_pk)
    try:
        services.document_remove(application=application, document=document, actor=request.user)
        messages.success(request, _("“%(name)s” removed.") % {"name": document.label})
    except services.ApplicationError as exc:
        _refused(request, exc)
    return redirect("applications:detail", application.pk)


@object_view
def document_download(request, pk, document_pk):
    _application, document = selectors.get_document_for_user(request.user, pk, document_pk)
    return _private_file(
        document.storage_path, content_type=document.content_type, filename=_download_name(document)
    )


def _download_name(document) -> str:
    """The label made harmless as a file name (letters, digits, . - _ and spaces), with the extension of
    the type the content was recognised as."""
    ext = documents.EXTENSION.get(document.content_type, "bin")
    stem = document.label.rsplit(".", 1)[0] if "." in document.label else document.label
    stem = re.sub(r"[^\w.\- ]+", "_", stem).strip(" ._") or "document"
    return f"{stem}.{ext}"


def _private_file(path: str, *, content_type: str, filename: str, as_attachment: bool = True):
    """Send a file of the private storage, only after the caller's permission check: by a presigned redirect
    to S3-compatible storage, by nginx (X-Accel-Redirect to DOCUMENTS_X_ACCEL_PREFIX, an internal location) or
    streamed by Django."""
    prefix = settings.DOCUMENTS_X_ACCEL_PREFIX
    storage = storages["private"]
    if is_remote(storage):
        # S3-compatible storage: a short-lived presigned redirect (DOCUMENTS_PRESIGNED_SECONDS), so a web
        # worker never streams a file; the URL opens this one object, for this response only, and is never
        # cached.
        response = HttpResponseRedirect(
            presigned_url(
                storage,
                path,
                seconds=settings.DOCUMENTS_PRESIGNED_SECONDS,
                content_type=content_type,
                disposition=content_disposition_header(as_attachment, filename),
                public_endpoint=settings.AWS_S3_PUBLIC_ENDPOINT_URL,
            )
        )
    elif prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + path.lstrip("/")
        # As FileResponse does it: RFC 6266, with filename*= for a name that is not ASCII.
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        try:
            handle = storages["private"].open(path, "rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type or mimetypes.guess_type(filename)[0],
        )
    # Documents are the applicant's: never cached by a shared cache, never run as a page.
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Submit, withdraw, prepare again, receipt ------------------------------------------------------


@object_view
@require_POST
def submit(request, pk):
    application = selectors.get_application_for_user(request.user, pk, related=False)
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        submission, created = services.application_submit(
            application=application,
            actor=request.user,
            language=_language(request),
            declaration_accepted=bool(form.cleaned_data.get("declaration")),
            received_at=getattr(request, "received_at", None),
        )
    except services.ApplicationError as exc:
        _refused(request, exc)
        if request.POST.get("from") == "preview":
            return redirect("applications:preview", application.pk)
        return redirect("applications:detail", application.pk)
    if created:
        messages.success(
            request,
            _("Your application has been submitted. Reference number: %(ref)s.")
            % {"ref": submission.reference},
        )
    else:
        messages.info(
            request,
            _("This application was already submitted. Reference number: %(ref)s.")
            % {"ref": submission.reference},
        )
    response = redirect("applications:detail", application.pk)
    # Says to a script (or htmx) that the submission is stored, without reading the next page.
    response["X-Application-Reference"] = submission.reference
    return response


@object_view
def withdraw(request, pk):
    application = selectors.get_application_for_user(request.user, pk)
    if request.method == "POST":
        try:
            services.application_withdraw(application=application, actor=request.user)
            messages.success(request, _("Your application has been withdrawn."))
        except services.ApplicationError as exc:
            _refused(request, exc)
        return redirect("applications:detail", application.pk)
    if not selectors.may_act_on(application, request.user):
        raise Http404
    return render(
        request,
        "applications/withdraw.html",
        {
            "app": application,
            "announcement": application.position.announcement,
            "institution": application.position.announcement.institution,
        },
    )


@object_view
@require_POST
def reopen(request, pk):
    application = selectors.get_application_for_user(request.user, pk, related=False)
    try:
        services.application_reopen(application=application, actor=request.user)
        messages.success(
            request, _("The application is a draft again: check it and submit it before the deadline.")
        )
    except services.ApplicationError as exc:
        _refused(request, exc)
    return redirect("applications:detail", application.pk)


@object_view
def receipt(request, pk, number=None):
    submission = selectors.get_submission_for_user(request.user, pk, number)
    path = receipt_ensure(submission)
    return _private_file(
        path, content_type="application/pdf", filename=f"{submission.reference}.pdf", as_attachment=False
    )


@object_view
def decision_pdf(request, pk):
    """The reasoned decision (R-18.6, R-9.3) of one's own application, the PDF the message attaches: to its
    applicant only (HR reads it in the admin), 404 to anyone else and before it was told."""
    application = selectors.get_application_for_user(request.user, pk)
    if application.applicant_id != request.user.pk:
        raise Http404
    review = outcomes.told_decision(application)
    if review is None:
        raise Http404
    path = outcomes.decision_pdf(review)
    return _private_file(
        path, content_type="application/pdf", filename=f"{review.reference}-decision.pdf", as_attachment=False
    )


# --- The person's document library -----------------------------------------------------------------------


@login_required
def library(request):
    """One's document library: the files kept to attach to later applications; upload more, or delete one."""

    if request.method == "POST":
        if _request_too_big(request):
            messages.error(
                request,
                _("The files are too large: each file may be at most %(max)s MB.")
                % {"max": documents._mb(rules.document_max_bytes())},
            )
            return redirect("applications:library")
        try:
            form = LibraryUploadForm(request.POST, request.FILES)
            valid = form.is_valid()
        except (RequestDataTooBig, TooManyFilesSent):
            form, valid = None, False
        if not valid:
            errors = (
                [e for errs in form.errors.values() for e in errs]
                if form
                else [_("The request is too large.")]
            )
            for error in errors:
                messages.error(request, error)
            return redirect("applications:library")
        try:
            added = library_services.library_documents_add(
                owner=request.user, uploads=form.cleaned_data["files"], actor=request.user
            )
        except services.ApplicationError as exc:
            _refused(request, exc)
        else:
            for doc in added:
                messages.success(request, _("“%(name)s” kept in your library.") % {"name": doc.label})
        return redirect("applications:library")
    return render(
        request,
        "applications/library.html",
        {
            "documents": selectors.library_of(user=request.user),
            "form": LibraryUploadForm(),
            "drafts": selectors.my_applications(user=request.user).filter(status="draft"),
            "max_file_mb": documents._mb(rules.document_max_bytes()),
            "max_files": rules.files_per_request_max(),
            "library_max": rules.library_max_files(),
        },
    )


@login_required
def library_document(request, pk):
    document = selectors.get_library_document_for_user(request.user, pk)
    return _private_file(
        document.storage_path, content_type=document.content_type, filename=_download_name(document)
    )


@login_required
def library_delete(request, pk):
    """Asks first (GET), deletes on the confirmation (POST); a second POST finds nothing and changes
    nothing."""

    if request.method == "POST":
        # A repeated click finds the file gone and changes nothing (another person's file is "gone" too).
        document = selectors.library_of(user=request.user).filter(pk=pk).first()
        if document is not None:
            library_services.library_document_delete(document=document, actor=request.user)
            messages.success(request, _("“%(name)s” deleted from your library.") % {"name": document.label})
        return redirect("applications:library")
    document = selectors.get_library_document_for_user(request.user, pk)
    return render(request, "applications/library_delete.html", {"document": document})


@object_view
@require_POST
def attach_from_library(request, pk):
    application = selectors.get_application_for_user(request.user, pk, related=False)
    if not selectors.may_act_on(application, request.user) or application.applicant_id != request.user.pk:
        raise Http404  # the library is the applicant's own: HR applying for a candidate never uses it
    form = AttachFromLibraryForm(request.POST, library=selectors.library_of(user=request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a file of your library."))
        return redirect("applications:detail", application.pk)
    try:
        doc = library_services.documents_attach_from_library(
            application=application,
            slot=form.cleaned_data["slot"],
            library_document=form.cleaned_data["document"],
            actor=request.user,
        )
    except services.ApplicationError as exc:
        _refused(request, exc)
        return redirect("applications:detail", application.pk)
    messages.success(request, _("“%(name)s” attached from your library.") % {"name": doc.label})
    return redirect(
        reverse("applications:detail", args=[application.pk]) + f"#item-{form.cleaned_data['slot']}"
    )


# --- HR applies for a candidate ---------------------------------------------------------------


@hr_required
def assisted_start(request):
    now = timezone.now()
    positions = (
        Position.objects.filter(
            announcement__institution__in=hr_institution_ids(request.user),
            announcement__status=AnnouncementStatus.PUBLISHED,
            announcement__opens_at__lte=now,
        )  # the position's effective deadline is still ahead: extended_until, else closes_at
        .exclude(extended_until__lte=now)
        .exclude(extended_until__isnull=True, announcement__closes_at__lte=now)
        .select_related("announcement")
    )
    form = AssistedStartForm(request.POST or None, positions=positions)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.assisted_application_start(
                actor=request.user,
                position=form.cleaned_data["position"],
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                language=_language(request),
            )
        except services.ApplicationError as exc:
            _refused(request, exc)
        else:
            messages.success(
                request,
                _(
                    "Draft opened for the candidate. Fill in their profile, attach their "
                    "documents and their signed consent, then submit."
                ),
            )
            return redirect("applications:detail", application.pk)
    return render(request, "applications/assisted_start.html", {"form": form})


@hr_required
def assisted_list(request):
    applications = (
        selectors.applications_visible_to(user=request.user)
        .filter(assisted=True)
        .select_related("applicant", "position__announcement", "last_submission")
        .order_by("-updated_at")
    )
    applications = [a for a in applications if is_hr_of(request.user, a.position.announcement.institution_id)]
    return render(request, "applications/assisted_list.html", {"applications": applications})
