"""HR's pages of the probations (R-33 … R-39): the list, one probation with its clocks and a form per step,
the confirmation pages of the decision and of the act; the act's PDF for HR and the employee. Thin: each POST
calls one service; another institution's probation is "not found"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appointments.models import Appointment
from recruitment.lib.pdf_files import stored_pdf_response
from recruitment.permissions import hr_institution_ids, hr_required

from . import rules, selectors, services
from .choices import Outcome, ProbationState
from .forms import (
    DecisionForm,
    InformForm,
    MeetingForm,
    MentorForm,
    RequestForm,
    SuspensionEndForm,
    SuspensionForm,
)
from .models import Suspension
from .pdf import act_pdf_path
from .tasks import probation_act_render


@login_required
@hr_required
@require_GET
def probation_list(request):
    probations = list(selectors.probations_for_hr(user=request.user))
    today = timezone.localdate()
    rows = [(p, p.end(today)) for p in probations]
    waiting = selectors.appointments_awaiting_probation(user=request.user)
    return render(request, "probation/list.html", {"rows": rows, "waiting": waiting})


def _detail_context(request, probation, **forms):
    today = timezone.localdate()
    return {
        "probation": probation,
        "clocks": probation.clocks(today),
        "today": today,
        "suspension_form": forms.get("suspension_form") or SuspensionForm(),
        "mentor_form": forms.get("mentor_form")
        or MentorForm(initial={"unit": probation.unit, "category": probation.category}),
        "request_form": forms.get("request_form") or RequestForm(initial={"requested_on": today}),
        "meeting_form": forms.get("meeting_form") or MeetingForm(initial={"announced_on": today}),
        "end_form": SuspensionEndForm(initial={"ends_on": today}),
        "running": probation.state == ProbationState.RUNNING,
        "decision_pending_act": probation.outcome in (Outcome.CONFIRM, Outcome.TERMINATE),
        "meeting_days": rules.meeting_days_before(),
        "decision_days": rules.decision_days_before(),
    }


@login_required
@hr_required
@require_GET
def probation_detail(request, pk):
    probation = selectors.get_probation_for_hr(request.user, pk)
    return render(request, "probation/detail.html", _detail_context(request, probation))


def _step(request, pk, form_class, form_key, call, done):
    """One step's POST: the form, then the service; refused changes come back on the page with their
    reason."""
    probation = selectors.get_probation_for_hr(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(probation, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done)
            return redirect("probation:detail", pk=probation.pk)
    probation = selectors.get_probation_for_hr(request.user, pk)
    return render(
        request, "probation/detail.html", _detail_context(request, probation, **{form_key: form}), status=400
    )


@require_POST
@login_required
@hr_required
def suspension_add(request, pk):
    return _step(
        request,
        pk,
        SuspensionForm,
        "suspension_form",
        lambda p, d: services.suspension_record(
            actor=request.user,
            probation=p,
            cause=d["cause"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            note=d["note"],
        ),
        _("The suspension is recorded; the end of the probation moved by its length (R-33.4)."),
    )


@require_POST
@login_required
@hr_required
def suspension_close(request, pk, suspension_pk):
    probation = selectors.get_probation_for_hr(request.user, pk)
    suspension = get_object_or_404(Suspension, pk=suspension_pk, probation=probation)
    form = SuspensionEndForm(request.POST)
    if form.is_valid():
        try:
            services.suspension_end(
                actor=request.user, suspension=suspension, ends_on=form.cleaned_data["ends_on"]
            )
            messages.success(request, _("The suspension has ended."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give the last day of the suspension."))
    return redirect("probation:detail", pk=probation.pk)


@require_POST
@login_required
@hr_required
def mentor(request, pk):
    return _step(
        request,
        pk,
        MentorForm,
        "mentor_form",
        lambda p, d: services.mentor_assign(
            actor=request.user,
            probation=p,
            name=d["name"],
            unit=d["unit"],
            category=d["category"],
            in_post_since=d["in_post_since"],
        ),
        _("The mentor is recorded (R-35)."),
    )


@require_POST
@login_required
@hr_required
def evaluation_request(request, pk):
    return _step(
        request,
        pk,
        RequestForm,
        "request_form",
        lambda p, d: services.evaluation_request_record(
            actor=request.user, probation=p, requested_on=d["requested_on"]
        ),
        _("HR's request for the evaluation is recorded (R-38.1)."),
    )


@require_POST
@login_required
@hr_required
def meeting(request, pk):
    return _step(
        request,
        pk,
        MeetingForm,
        "meeting_form",
        lambda p, d: services.meeting_record(
            actor=request.user, probation=p, meeting_on=d["meeting_on"], announced_on=d["announced_on"]
        ),
        _("The evaluation meeting is recorded and the employee told (R-38.2, R-38.3)."),
    )


@login_required
@hr_required
@require_http_methods(["GET", "POST"])
def decision(request, pk):
    """The supervisor's decision: the form, then a page saying what will happen, then the confirmed POST."""
    probation = selectors.get_probation_for_hr(request.user, pk)
    if probation.state != ProbationState.RUNNING or probation.outcome in (Outcome.CONFIRM, Outcome.TERMINATE):
        messages.info(request, _("The supervisor's decision is recorded already."))
        return redirect("probation:detail", pk=probation.pk)
    form = DecisionForm(request.POST or None, initial={"received_on": timezone.localdate()})
    context = {"probation": probation, "form": form, "clocks": probation.clocks(timezone.localdate())}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirmed") == "1":
            try:
                services.decision_record(
                    actor=request.user,
                    probation=probation,
                    outcome=data["outcome"],
                    received_on=data["received_on"],
                    reasons=data["reasons"],
                    supervisor_name=data["supervisor_name"],
                    months=data["months"] or 0,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The supervisor's decision is recorded."))
                return redirect("probation:detail", pk=probation.pk)
        else:
            context["confirm"] = True
            context["outcome_label"] = dict(Outcome.choices)[data["outcome"]]
    return render(request, "probation/decision.html", context, status=400 if form.errors else 200)


@login_required
@hr_required
@require_http_methods(["GET", "POST"])
def inform(request, pk):
    """R-39.7 with R-39.4/39.5: the confirmation page of the act; its confirmed POST issues it and tells the
    employee."""
    probation = selectors.get_probation_for_hr(request.user, pk)
    if probation.state != ProbationState.RUNNING:
        messages.info(request, _("Already done: the employee has been informed."))
        return redirect("probation:detail", pk=probation.pk)
    if probation.outcome not in (Outcome.CONFIRM, Outcome.TERMINATE):
        messages.error(request, _("Record the supervisor's decision first (R-39.3)."))
        return redirect("probation:detail", pk=probation.pk)
    form = InformForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employee_inform(
                actor=request.user, probation=probation, act_number=form.cleaned_data["act_number"]
            )
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, _("The act is issued and the employee informed."))
        return redirect("probation:detail", pk=probation.pk)
    return render(
        request,
        "probation/inform.html",
        {"probation": probation, "form": form, "end": probation.end(timezone.localdate())},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
@hr_required
def start(request, appointment_pk):
    """HR starts a probation now rather than waiting for the beat (R-33.1), from the list of appointees who
    reported; for a management appointee, from the mandate's page once HR recorded that they were not a civil
    servant at the appointment (R-33.2: the form says so with ``r33_2``)."""
    appointment = get_object_or_404(
        Appointment.objects.select_related(
            "post__position__announcement__institution", "winner__application"
        ),
        pk=appointment_pk,
    )
    if appointment.post.position.announcement.institution_id not in hr_institution_ids(request.user):
        raise Http404
    try:
        probation = services.probation_start(
            appointment=appointment,
            actor=request.user,
            management_not_civil_servant=request.POST.get("r33_2") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("probation:list")
    messages.success(request, _("The probation has started (R-33)."))
    return redirect("probation:detail", pk=probation.pk)


@login_required
@require_GET
def act_pdf(request, pk):
    """The act of confirmation or termination: HR of the institution and the employee."""
    probation = selectors.get_probation_for_reader(request.user, pk)
    if not probation.act_number or probation.state == ProbationState.RUNNING:
        raise Http404

    return stored_pdf_response(
        request,
        path=act_pdf_path(probation),
        enqueue=lambda: probation_act_render.delay(probation.pk),
        filename=f"act-{probation.act_number.replace('/', '-')}.pdf",
        private=True,
    )
