"""The committees' web pages: the public draws; the member's own committees and declarations; the
observers' registration, notices and read-only evaluation pages; HR's compensation report.
HR draws, replaces and appoints in the admin (admin.py)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recruitment.permissions import committee_member_required, hr_required, observer_of, observer_required

from . import rules, selectors, services
from .forms import (
    DeclarationForm,
    ObserverDecisionForm,
    ObserverNoticeForm,
    ObserverRegistrationForm,
    PeriodForm,
)
from .models import DrawStatus

# --- Public ------------------------------------------------------------------------------------------------


@require_GET
def draw_list(request):
    page = Paginator(selectors.public_draws(), 30).get_page(request.GET.get("page"))
    return render(request, "committees/draw_list.html", {"page": page})


@require_GET
def draw_detail(request, pk):
    draw = selectors.draw_for_public(pk)
    return render(request, "committees/draw_detail.html", selectors.draw_page_context(draw))


@require_GET
def draw_json(request, pk):
    draw = selectors.draw_for_public(pk)
    body = json.dumps(selectors.draw_record(draw), ensure_ascii=False, indent=2, sort_keys=True)
    response = HttpResponse(body + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="draw-{draw.pk}.json"'
    if draw.status != DrawStatus.COMMITTED:
        response["Cache-Control"] = "public, max-age=3600"  # a drawn or cancelled draw never changes
    return response


# --- The member's own pages --------------------------------------------------------------------------------


@login_required
@committee_member_required
@require_GET
def my_committees(request):
    seats = list(selectors.seats_of_member(user=request.user))
    return render(request, "committees/my_committees.html", {"seats": seats})


@login_required
@committee_member_required
@require_http_methods(["GET", "POST"])
def my_committee(request, pk):
    committee, seat = selectors.committee_for_member(user=request.user, pk=pk)
    names = selectors.candidate_list(committee)
    digest = rules.candidate_list_digest(names) if names else ""
    declarations = list(seat.declarations.all())
    current = next((d for d in declarations if d.candidate_list_digest == digest), None)
    may_declare = bool(names) and (current is None or not current.has_conflict)
    form = DeclarationForm(request.POST or None, initial={"candidate_list_digest": digest})
    if request.method == "POST":
        if not may_declare:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.declaration_submit(
                    seat=seat,
                    candidate_list_digest=form.cleaned_data["candidate_list_digest"],
                    has_conflict=form.cleaned_data["has_conflict"],
                    details=form.cleaned_data["details"],
                    actor=request.user,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Your declaration is recorded."))
                return redirect("committees:my_committee", pk=committee.pk)
    return render(
        request,
        "committees/my_committee.html",
        {
            "committee": committee,
            "seat": seat,
            "position": committee.position,
            "seats": selectors.committee_seats(committee),
            "candidate_names": names.splitlines(),
            "declarations": declarations,
            "current": current,
            "may_declare": may_declare,
            "form": form,
        },
    )


# --- Observers (R-16) ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def observer_register(request):
    observer = observer_of(request.user)
    if observer is not None and observer.data_protection_accepted_at:
        return redirect("committees:observer_home")
    initial = {"organisation": observer.organisation, "kind": observer.kind} if observer else {}
    form = ObserverRegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.observer_register(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("You are registered as an observer."))
            return redirect("committees:observer_home")
    return render(request, "committees/observer_register.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def observer_home(request):
    observer = observer_of(request.user)
    if observer is None or observer.data_protection_accepted_at is None:
        return redirect("committees:observer_register")
    today = timezone.localdate()
    committees = selectors.evaluations_open_to_notice(today=today).exclude(
        observer_notices__observer=observer
    )
    form = ObserverNoticeForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        try:
            services.observer_notice_give(
                observer=observer,
                committee=form.cleaned_data["committee"],
                note=form.cleaned_data["note"],
                sitting=form.cleaned_data["sitting"],
                attends_on=form.cleaned_data["attends_on"],
                actor=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Your notice is sent to HR and to the committee's chair. You can open the "
                    "evaluation's page once HR accepts it."
                ),
            )
            return redirect("committees:observer_home")
    notices = observer.notices.select_related("committee__position__announcement__institution")
    return render(
        request,
        "committees/observer_home.html",
        {"observer": observer, "notices": notices, "form": form, "has_choices": committees.exists()},
    )


@login_required
@observer_required
@require_GET
def observer_evaluation(request, pk):
    committee = selectors.committee_for_observer(user=request.user, pk=pk)
    return render(
        request,
        "committees/observer_evaluation.html",
        {
            "committee": committee,
            "position": committee.position,
            "seats": selectors.committee_seats(committee),
            "institution": committee.position.announcement.institution,
        },
    )


def _form_errors(form, exc: ValidationError) -> None:
    """A service's refusal on the form: on its field where it names one the form has, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# --- HR: observers' notices (R-16.1, R-16.3) ----------------------------------------------------------------


@login_required
@hr_required
@require_GET
def observer_notices(request):
    """HR's list of the observers' notices for its institutions' evaluations, to accept or refuse each."""
    return render(
        request,
        "committees/observer_notices.html",
        {"notices": selectors.observer_notices_for_hr(user=request.user), "form": ObserverDecisionForm()},
    )


@require_POST  # first: a GET is refused before anything is read
@login_required
@hr_required
def observer_notice_decide(request, pk):
    notice = selectors.observer_notice_for_hr(user=request.user, pk=pk)
    form = ObserverDecisionForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    if form.is_valid():
        try:
            services.observer_notice_decide(
                notice=notice, accept=accept, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The notice is accepted; the observer is told.")
                if accept
                else _("The notice is refused; the observer is told why."),
            )
    return redirect("committees:observer_notices")


# --- HR: compensation report (R-14.7) -----------------------------------------------------------------------


@login_required
@hr_required
@require_GET
def compensation_report(request):
    form = PeriodForm(request.GET or None, initial=PeriodForm.this_month(timezone.localdate()))
    period = (
        form.cleaned_data
        if form.is_bound and form.is_valid()
        else PeriodForm.this_month(timezone.localdate())
    )
    report = selectors.compensation_report(user=request.user, **period)
    return render(request, "committees/compensation_report.html", {"form": form, "period": period, **report})
