"""HR's pages of the management mandates (R-31): the list, one mandate with its clocks, the proposal to renew,
and the confirmation pages of the renewal decision and of the end. Another institution's mandate is "not
found"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recruitment.permissions import hr_required

from . import rules, selectors, services
from .choices import EndOutcome, MandateState, ProposalDecision
from .forms import CivilServantForm, EndForm, ProposalForm, RenewalForm


@login_required
@hr_required
@require_GET
def mandate_list(request):
    return render(
        request,
        "mandates/list.html",
        {
            "mandates": selectors.mandates_for_hr(user=request.user),
            "waiting": selectors.appointments_awaiting_mandate(user=request.user),
        },
    )


@require_POST
@login_required
@hr_required
def start(request, appointment_pk):
    """HR records the mandate of a management appointee who reported, rather than waiting for the beat
    (R-31.1)."""
    appointment = selectors.appointments_awaiting_mandate(user=request.user).filter(pk=appointment_pk).first()
    if appointment is None:
        messages.info(request, _("Nothing to record: the mandate exists already."))
        return redirect("mandates:list")
    mandate = services.mandate_start(appointment=appointment, actor=request.user)
    messages.success(request, _("The mandate is recorded (R-31.1)."))
    return redirect("mandates:detail", pk=mandate.pk)


def _context(mandate, **extra):
    return {
        "mandate": mandate,
        "average": rules.r31_5_average(mandate.ratings),
        "civil_servant_form": CivilServantForm(),
        "proposal_form": ProposalForm(initial={"proposed_on": timezone.localdate()}),
        "can_propose": mandate.state != MandateState.ENDED
        and mandate.mandates_held < rules.MAX_MANDATES
        and mandate.proposal_decision != ProposalDecision.RENEWED,
        "proposal_pending": mandate.proposal_decision == ProposalDecision.PENDING,
        "ended": mandate.state == MandateState.ENDED,
        # probation is a sibling app: the mandate's page only reads whether the appointment has one.
        "has_probation": hasattr(mandate.appointment, "probation"),
        **extra,
    }


@login_required
@hr_required
@require_GET
def mandate_detail(request, pk):
    mandate = selectors.get_mandate_for_hr(request.user, pk)
    return render(request, "mandates/detail.html", _context(mandate))


@require_POST
@login_required
@hr_required
def civil_servant(request, pk):
    mandate = selectors.get_mandate_for_hr(request.user, pk)
    form = CivilServantForm(request.POST)
    if form.is_valid():
        try:
            services.civil_servant_record(
                actor=request.user, mandate=mandate, was_civil_servant=form.cleaned_data["was_civil_servant"]
            )
            messages.success(request, _("Recorded."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("mandates:detail", pk=mandate.pk)


@require_POST
@login_required
@hr_required
def proposal(request, pk):
    mandate = selectors.get_mandate_for_hr(request.user, pk)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.renewal_proposal_record(
                actor=request.user,
                mandate=mandate,
                proposed_on=form.cleaned_data["proposed_on"],
                proposed_by=form.cleaned_data["proposed_by"],
                ratings=form.cleaned_data["all_ratings"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The supervisor's proposal is recorded (R-31.3)."))
            return redirect("mandates:detail", pk=mandate.pk)
    return render(request, "mandates/detail.html", _context(mandate, proposal_form=form), status=400)


def _confirmed_step(request, mandate, form, template, act, done, describe):
    """Form → a page saying what will happen → the confirmed POST (a repeat is told it is done)."""
    context = {"mandate": mandate, "form": form}
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirmed") == "1":
            try:
                act(form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, done)
                return redirect("mandates:detail", pk=mandate.pk)
        else:
            context["confirm"] = True
            context["what"] = describe(form.cleaned_data)
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@hr_required
@require_http_methods(["GET", "POST"])
def renewal(request, pk):
    mandate = selectors.get_mandate_for_hr(request.user, pk)
    if mandate.proposal_decision != ProposalDecision.PENDING:
        messages.info(request, _("No proposal awaits a decision."))
        return redirect("mandates:detail", pk=mandate.pk)
    return _confirmed_step(
        request,
        mandate,
        RenewalForm(request.POST or None),
        "mandates/renewal.html",
        lambda d: services.renewal_decide(
            actor=request.user, mandate=mandate, renew=d["renew"], reason=d["reason"]
        ),
        _("HR's decision on the renewal is recorded and the holder told."),
        lambda d: (
            _("The mandate is renewed for four more years, until %(end)s; the holder is told.")
            % {"end": rules.r31_1_end(mandate.starts_on, mandate.mandates_held + 1).strftime("%d.%m.%Y")}
            if d["renew"]
            else _("The mandate is not renewed and ends on %(end)s; the holder is told.")
            % {"end": mandate.end.strftime("%d.%m.%Y")}
        ),
    )


@login_required
@hr_required
@require_http_methods(["GET", "POST"])
def end(request, pk):
    mandate = selectors.get_mandate_for_hr(request.user, pk)
    if mandate.state == MandateState.ENDED:
        messages.info(request, _("Already done: the end of this mandate is recorded."))
        return redirect("mandates:detail", pk=mandate.pk)
    return _confirmed_step(
        request,
        mandate,
        EndForm(request.POST or None),
        "mandates/end.html",
        lambda d: services.mandate_end(
            actor=request.user, mandate=mandate, outcome=d["outcome"], post=d["post"], note=d["note"]
        ),
        _("The end of the mandate is recorded and the holder told."),
        lambda d: dict(EndOutcome.choices)[d["outcome"]],
    )
