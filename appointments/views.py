"""HR's pages of the final verification (R-29) and the appointment (R-30), the appointee's page (the act, the
last day to report, the request to report later), and HR's "Due this week" over every app's due items.

Acts that cannot be undone (a document that differs, the appointment, the reporting) go through a confirmation
page that says what will happen and to whom; the service re-checks the state under its lock (a double click is
harmless).
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recruitment.lib import due_items
from recruitment.lib.pdf import pdf_rate_limited
from recruitment.lib.pdf_files import reader_language, stored_pdf_response
from recruitment.permissions import hr_institution_ids, hr_required

from . import rules, selectors, services, tasks
from .choices import CheckResult, VerificationState
from .forms import AppointForm, CheckForm, ExtensionDecisionForm, ExtensionRequestForm, ReportedForm

DUE_WINDOW_DAYS = 7


def _errors(request, exc: services.AppointmentError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_post(request, form, back: tuple, invalid: str, call, done: str):
    """A form posted from a page: when valid, one service (``call(cleaned_data)``); the outcome or the
    refusal as a message, then back to the page (``back``: the URL name and its argument)."""
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect(*back)
    try:
        call(form.cleaned_data)
    except services.AppointmentError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return redirect(*back)


@login_required
@hr_required
@require_GET
def due_this_week(request):
    """What falls due for HR's institutions from today to a week from today, and what is overdue, from every
    app that registered a provider (invitations R-26.3, final verifications R-29, reporting R-30, probation,
    mandates, appeals)."""
    today = timezone.localdate()
    end = today + dt.timedelta(days=DUE_WINDOW_DAYS)
    items = due_items.collect(hr_institution_ids(request.user), today, end)
    return render(
        request,
        "appointments/due_this_week.html",
        {
            "items": items,
            "today": today,
            "end": end,
            "overdue": sum(1 for item in items if item.overdue),
            "pages": due_items.pages(),
        },
    )


@login_required
@hr_required
@require_GET
def hr_list(request):
    """HR's list of winners who consented: to verify (R-29), to appoint (R-30.1), appointed and reporting
    (R-30.2)."""
    return render(
        request, "appointments/hr_list.html", {"rows": selectors.after_verification_for_hr(request.user)}
    )


# --- the final verification ---------------------------------------------------------------------------


@login_required
@hr_required
@require_http_methods(["GET", "POST"])
def verification(request, winner_id):
    winner = selectors.get_winner_for_hr(request.user, winner_id)
    if request.method == "POST":
        try:
            services.verification_start(actor=request.user, winner=winner)
        except services.AppointmentError as exc:
            _errors(request, exc)
        return redirect("appointments:verification", winner.pk)
    record = selectors.verification_for(winner)
    return render(
        request,
        "appointments/verification.html",
        {
            "winner": winner,
            "name": services.candidate_name(winner.application),
            "verification": record,
            "open": record is not None and record.state == VerificationState.OPEN,
            "form": CheckForm(),
            "appointment": getattr(winner, "appointment", None),
        },
    )


@login_required
@hr_required
@require_POST
def check(request, pk):
    """One row of the verification. "Matches" is recorded at once; "differs" first shows what will happen (the
    result becomes negative and the winner leaves the list) and is recorded with ``confirm``."""
    row = selectors.get_check_for_hr(request.user, pk)
    winner = row.verification.winner
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the original matches."))
        return redirect("appointments:verification", winner.pk)
    result, reason = form.cleaned_data["result"], form.cleaned_data["reason"]
    if result == CheckResult.DIFFERS and request.POST.get("confirm") != "yes":
        problems = rules.r29_check_problems(result=result, reason=reason)
        if problems:
            _errors(request, services.AppointmentError([services._problem(code) for code in problems]))
            return redirect("appointments:verification", winner.pk)
        return render(
            request,
            "appointments/confirm_differs.html",
            {
                "row": row,
                "winner": winner,
                "name": services.candidate_name(winner.application),
                "reason": reason,
            },
        )
    try:
        record = services.check_record(actor=request.user, check=row, result=result, reason=reason)
    except services.AppointmentError as exc:
        _errors(request, exc)
        return redirect("appointments:verification", winner.pk)
    if record.state == VerificationState.NEGATIVE:
        messages.success(
            request,
            _("The final verification is negative: the winner is removed and the next one invited (R-29.4)."),
        )
    elif record.state == VerificationState.POSITIVE:
        messages.success(
            request, _("The final verification is positive: the winner may be appointed (R-30.1).")
        )
    return redirect("appointments:verification", winner.pk)


# --- the appointment ---------------------------------------------------------------------------------


@login_required
@hr_required
@require_http_methods(["GET", "POST"])
def appoint(request, winner_id):
    """The confirmation page of the appointment: who is appointed to which post, the act, the 14 days; POST
    with ``confirm`` appoints."""
    winner = selectors.get_winner_for_hr(request.user, winner_id)
    existing = getattr(winner, "appointment", None)
    if existing is not None:
        return redirect("appointments:appointment", existing.pk)
    form = AppointForm(request.POST or None, initial={"act_date": timezone.localdate()})
    if request.method == "POST" and request.POST.get("confirm") == "yes" and form.is_valid():
        try:
            appointment = services.appointment_make(
                actor=request.user,
                winner=winner,
                act_number=form.cleaned_data["act_number"],
                act_date=form.cleaned_data["act_date"],
            )
        except services.AppointmentError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Appointed. The act is sent to the appointee."))
            return redirect("appointments:appointment", appointment.pk)
    today = timezone.localdate()
    return render(
        request,
        "appointments/appoint.html",
        {
            "winner": winner,
            "name": services.candidate_name(winner.application),
            "verification": selectors.verification_for(winner),
            "form": form,
            "report_by": rules.r30_2_report_by(today),
            "report_by_max": rules.r30_2_report_by_max(today),
        },
    )


def _appointment_context(appointment) -> dict:
    return {
        "appointment": appointment,
        "winner": appointment.winner,
        "name": services.candidate_name(appointment.winner.application),
        "position": appointment.winner.winners_list.position,
        "report_by_max": rules.r30_2_report_by_max(appointment.act_date),
    }


@login_required
@hr_required
@require_GET
def appointment(request, pk):
    appointment = selectors.get_appointment_for_hr(request.user, pk)
    return render(
        request,
        "appointments/appointment.html",
        {
            **_appointment_context(appointment),
            "extension_form": ExtensionDecisionForm(
                initial={"new_report_by": rules.r30_2_report_by_max(appointment.act_date)}
            ),
            "reported_form": ReportedForm(initial={"reported_on": timezone.localdate()}),
        },
    )


@login_required
@hr_required
@require_POST
def extension_decide(request, pk):
    appointment = selectors.get_appointment_for_hr(request.user, pk)
    return _form_post(
        request,
        ExtensionDecisionForm(request.POST),
        ("appointments:appointment", appointment.pk),
        _("Choose to grant or to refuse the extension."),
        lambda d: services.extension_decide(
            actor=request.user,
            appointment=appointment,
            grant=d["decision"] == "grant",
            new_report_by=d["new_report_by"],
            note=d["note"],
        ),
        _("The decision on the extension is recorded and sent to the appointee."),
    )


@login_required
@hr_required
@require_http_methods(["GET", "POST"])
def report_record(request, pk):
    """The confirmation page of the reporting to work: POST with ``confirm`` records it."""
    appointment = selectors.get_appointment_for_hr(request.user, pk)
    form = ReportedForm(request.POST or None, initial={"reported_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") == "yes":
            try:
                services.reporting_record(
                    actor=request.user, appointment=appointment, reported_on=form.cleaned_data["reported_on"]
                )
            except services.AppointmentError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("The reporting to work is recorded."))
                return redirect("appointments:appointment", appointment.pk)
        else:
            return render(
                request,
                "appointments/confirm_reported.html",
                {**_appointment_context(appointment), "reported_on": form.cleaned_data["reported_on"]},
            )
    return redirect("appointments:appointment", appointment.pk)


# --- The appointee ------------------------------------------------------------------------------------------


@login_required
@require_GET
def mine(request, pk):
    appointment = selectors.get_appointment_for_appointee(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "appointments/mine.html",
        {
            **_appointment_context(appointment),
            "may_request": appointment.state == "appointed"
            and rules.r30_2_may_request_extension(
                today=today,
                report_by=appointment.deadline,
                already_requested=appointment.extension_state != "none",
            ),
            "form": ExtensionRequestForm(),
        },
    )


@login_required
@require_POST
def extension_request(request, pk):
    appointment = selectors.get_appointment_for_appointee(request.user, pk)
    return _form_post(
        request,
        ExtensionRequestForm(request.POST),
        ("appointments:mine", appointment.pk),
        _("Give the reasons for which you cannot report in time (R-30.2)."),
        lambda d: services.extension_request(actor=request.user, appointment=appointment, reason=d["reason"]),
        _("Your request is sent to the HR unit, which will answer you."),
    )


@login_required
@pdf_rate_limited
def act_pdf(request, pk):
    """The appointment act: to the appointee and HR of the institution; 404 to anyone else."""
    appointment = selectors.get_appointment_for_reader(request.user, pk)
    language = reader_language()
    return stored_pdf_response(
        request,
        path=appointment.act_pdf_path(language),
        filename=f"appointment-{appointment.pk}.pdf",
        enqueue=lambda: tasks.act_pdf_render.delay(appointment.pk, language),
        private=True,
    )
