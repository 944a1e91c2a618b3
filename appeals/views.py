"""The appeals pages: the candidate lodges an appeal against the final results (R-32) and follows it; HR
records paper appeals (R-32, R-40), attaches KPMSHCK's decision and records it through a confirmation page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import selectors as application_selectors
from applications.models import Application
from applications.views import _private_file, object_view
from recruitment.permissions import hr_institution_ids, hr_required, is_hr_of

from . import probation_link, rules, selectors, services
from .choices import ALLOWED_EFFECTS, AppealKind, AppealState, Decision, Effect
from .forms import DecideForm, DecisionScanForm, LodgeForm, RecordProbationForm, RecordResultsForm


def _refused(request, exc: services.AppealError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _today(institution):
    return timezone.localdate(timezone.now(), institution.tzinfo)


# --- The candidate ------------------------------------------------------------------------------------------


@object_view
def lodge(request, application_pk):
    """R-32: the candidate's appeal against the final results, from "My applications"."""
    application = application_selectors.get_application_for_user(request.user, application_pk)
    if application.applicant_id != request.user.pk:
        raise Http404  # HR sees the application but lodges nothing in the candidate's name here
    institution = application.position.announcement.institution
    today = _today(institution)
    days = settings.APPEAL_RESULTS_DAYS
    existing = application.appeals.filter(kind=AppealKind.RESULTS).first()
    if existing is not None:
        return redirect("appeals:detail", existing.pk)
    facts = selectors.r32_facts(application, filed_on=today, today=today, days=days)
    problems = services._messages(rules.r32_problems(**facts))
    last_day = rules.r32_last_day(facts["published_on"], days) if facts["published_on"] else None
    form = LodgeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not problems and form.is_valid():
        try:
            appeal = services.appeal_results_lodge(
                actor=request.user,
                application=application,
                grounds=form.cleaned_data["grounds"],
                upload=form.cleaned_data.get("scan") or None,
            )
        except services.AppealError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Your appeal is on record. HR has been told; KPMSHCK decides it."))
            return redirect("appeals:detail", appeal.pk)
    return render(
        request,
        "appeals/lodge.html",
        {
            "application": application,
            "position": application.position,
            "problems": problems,
            "last_day": last_day,
            "published_on": facts["published_on"],
            "days": days,
            "form": form,
        },
    )


@object_view
def detail(request, pk):
    """One appeal: for its appellant and HR of its institution; anyone else "not found"."""
    appeal = selectors.get_appeal_for_user(request.user, pk)
    return render(
        request,
        "appeals/detail.html",
        {"appeal": appeal, "is_hr": is_hr_of(request.user, appeal.institution_id), "hold": _hold(appeal)},
    )


def _scan(request, pk, *, decision: bool):
    appeal = selectors.get_appeal_for_user(request.user, pk)
    path = appeal.decision_scan_path if decision else appeal.scan_path
    if not path:
        raise Http404
    content_type = appeal.decision_scan_content_type if decision else appeal.scan_content_type
    extension = path.rsplit(".", 1)[-1]
    name = f"{'kpmshck-decision' if decision else 'appeal'}-{appeal.pk}.{extension}"
    return _private_file(path, content_type=content_type, filename=name)


@object_view
def scan(request, pk):
    return _scan(request, pk, decision=False)


@object_view
def decision_scan(request, pk):
    return _scan(request, pk, decision=True)


def _hold(appeal):
    """R-40.2 as it stands for a probation appeal (None for a results appeal)."""
    if appeal.kind != AppealKind.PROBATION:
        return None
    return rules.r40_post_hold(
        decided_on=appeal.counted_from,
        today=_today(appeal.institution),
        appealed=True,
        decided=appeal.state == AppealState.DECIDED,
        effect=appeal.effect,
    )


# --- HR -----------------------------------------------------------------------------------------------------


@login_required
@hr_required
def hr_list(request):
    state = request.GET.get("state", AppealState.RECEIVED)
    if state not in AppealState.values and state != "all":
        state = AppealState.RECEIVED
    appeals = selectors.appeals_for_hr(user=request.user, state=None if state == "all" else state)
    return render(
        request,
        "appeals/hr_list.html",
        {
            "appeals": appeals,
            "state": state,
            "states": AppealState.choices,
            "held": _held_posts(request.user),
        },
    )


def _held_posts(user):
    """R-40.2: the terminated probations of the reader's institutions whose time to appeal runs,
    unappealed."""
    try:
        probations = list(probation_link.terminated_probations(hr_institution_ids(user)))
    except (probation_link.LinkMissing, ImportError, LookupError, AttributeError):
        return []
    appealed = (
        set(
            selectors.Appeal.objects.filter(
                kind=AppealKind.PROBATION, probation__in=[p.pk for p in probations]
            ).values_list("probation_id", flat=True)
        )
        if probations
        else set()
    )
    rows = []
    for probation in probations:
        decided_on = probation_link.termination_date(probation)
        if probation.pk in appealed or decided_on is None:
            continue
        institution = probation_link.application_of(probation).position.announcement.institution
        last = rules.r40_last_day(decided_on)
        if _today(institution) <= last:
            rows.append({"probation": probation, "decided_on": decided_on, "last_day": last})
    return rows


def _application_by_reference(user, reference: str) -> Application | None:
    return (
        Application.objects.filter(
            submissions__reference=reference.strip(),
            position__announcement__institution_id__in=hr_institution_ids(user),
        )
        .select_related("position__announcement__institution", "applicant")
        .first()
    )


@login_required
@hr_required
def hr_record(request):
    """HR records an appeal received on paper: against the final results (R-32) or a probation decision
    (R-40)."""
    kind = request.GET.get("kind") or request.POST.get("kind") or AppealKind.RESULTS
    if kind not in AppealKind.values:
        raise Http404
    if kind == AppealKind.RESULTS:
        form = RecordResultsForm(request.POST or None, request.FILES or None)
    else:
        form = RecordProbationForm(
            request.POST or None, request.FILES or None, choices=_probation_choices(request.user)
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == AppealKind.RESULTS:
                application = _application_by_reference(request.user, data["reference"])
                if application is None:
                    raise services.AppealError(
                        _("No application of your institution has this reference number.")
                    )
                appeal = services.appeal_results_record(
                    actor=request.user,
                    application=application,
                    filed_on=data["filed_on"],
                    grounds=data["grounds"],
                    upload=data["scan"],
                )
            else:
                probation = probation_link.terminated_probations(hr_institution_ids(request.user)).get(
                    pk=data["probation"]
                )
                appeal = services.appeal_probation_record(
                    actor=request.user,
                    probation=probation,
                    filed_on=data["filed_on"],
                    grounds=data["grounds"],
                    upload=data["scan"],
                )
        except services.AppealError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The appeal is on record; the candidate is told."))
            return redirect("appeals:hr_detail", appeal.pk)
    return render(
        request, "appeals/hr_record.html", {"form": form, "kind": kind, "kinds": AppealKind.choices}
    )


def _probation_choices(user):
    try:
        probations = probation_link.terminated_probations(hr_institution_ids(user))
        out = []
        for probation in probations:
            application = probation_link.application_of(probation)
            decided_on = probation_link.termination_date(probation)
            label = f"{application.applicant} · {application.position}"
            if decided_on:
                label += f" · {decided_on:%d.%m.%Y}"
            out.append((probation.pk, label))
        return out
    except (probation_link.LinkMissing, ImportError, LookupError, AttributeError):
        return []


@login_required
@hr_required
def hr_detail(request, pk):
    appeal = selectors.get_appeal_for_hr(request.user, pk)
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "is_hr": True,
            "hr_page": True,
            "hold": _hold(appeal),
            "scan_form": DecisionScanForm(),
            "decide_form": DecideForm(effects=_kind_effects(appeal.kind)),
            "effects_help": _effects_help(appeal.kind),
        },
    )


def _kind_effects(kind: str) -> set[str]:
    return {effect for (k, _decision), effects in ALLOWED_EFFECTS.items() if k == kind for effect in effects}


def _effects_help(kind: str) -> list[tuple[str, list[str]]]:
    """For each decision, the effects it allows (shown beside the form, so HR sees before choosing)."""
    labels = dict(Effect.choices)
    return [
        (label, [labels[e] for e in rules.allowed_effects(kind, value)]) for value, label in Decision.choices
    ]


@login_required
@hr_required
@require_POST
def hr_decision_scan(request, pk):
    appeal = selectors.get_appeal_for_hr(request.user, pk)
    form = DecisionScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.appeal_decision_scan_attach(
                actor=request.user, appeal=appeal, upload=form.cleaned_data["scan"]
            )
        except services.AppealError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The scan of KPMSHCK's decision is attached."))
    else:
        messages.error(request, _("Choose the scan of KPMSHCK's decision."))
    return redirect("appeals:hr_detail", appeal.pk)


@login_required
@hr_required
def hr_decide(request, pk):
    """Recording KPMSHCK's decision: the form (GET), then a confirmation page that says what will happen and
    to whom (a POST without "confirm"), then the act (the confirmed POST; a second click finds it done)."""
    appeal = selectors.get_appeal_for_hr(request.user, pk)
    if appeal.state != AppealState.RECEIVED:
        messages.info(request, _("KPMSHCK's decision on this appeal is already recorded; nothing changed."))
        return redirect("appeals:hr_detail", appeal.pk)
    form = DecideForm(request.POST or None, effects=_kind_effects(appeal.kind))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        problems = rules.decision_problems(
            kind=appeal.kind,
            decision=data["decision"],
            effect=data["effect"],
            decided_on=data["decided_on"],
            filed_on=appeal.filed_on,
            today=_today(appeal.institution),
        )
        if problems:
            for message in services._messages(problems, rules.DECISION_PROBLEMS):
                form.add_error(None, message)
        elif request.POST.get("confirm") == "yes":
            try:
                services.appeal_decide(
                    actor=request.user,
                    appeal=appeal,
                    decision=data["decision"],
                    decided_on=data["decided_on"],
                    effect=data["effect"],
                    note=data["note"],
                    decision_number=data["decision_number"],
                )
            except services.AppealError as exc:
                _refused(request, exc)
                return redirect("appeals:hr_detail", appeal.pk)
            messages.success(request, _("KPMSHCK's decision is recorded and the candidate is told."))
            return redirect("appeals:hr_detail", appeal.pk)
        else:
            return render(
                request,
                "appeals/confirm_decision.html",
                {
                    "appeal": appeal,
                    "data": data,
                    "decision_label": dict(Decision.choices)[data["decision"]],
                    "effect_label": dict(Effect.choices)[data["effect"]],
                    "hold": _hold(appeal),
                    "back_url": reverse("appeals:hr_detail", args=[appeal.pk]),
                },
            )
    return render(
        request,
        "appeals/decide.html",
        {"appeal": appeal, "form": form, "effects_help": _effects_help(appeal.kind)},
    )
