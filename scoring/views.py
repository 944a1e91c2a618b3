"""The evaluation's pages: the committee's (second factor, own committee only, codes only before the lock),
the candidates' anonymous written-test sitting (a code, no account), and HR's slips of codes."""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from committees.models import Seat, SeatStatus
from recruitment.lib import urls
from recruitment.lib.pdf import pdf_rate_limited
from recruitment.lib.pdf_files import reader_language, stored_pdf_response
from recruitment.lib.public_cache import public_page
from recruitment.permissions import committee_member_required, hr_required, is_hr_of

from . import evaluation_page, pdf, results, schemes, score_import, selectors, services, tasks
from .forms import (
    CodeForm,
    CorrectionForm,
    CustomSchemeForm,
    InterviewQuestionsForm,
    RepresentationForm,
    ResultsUploadForm,
    SheetForm,
    SittingOpenForm,
    UploadForm,
)
from .models import EvaluationCandidate, EvaluationStatus, InterviewSheet, SheetStatus
from .services.notices import results_notices_progress
from .templatetags.points import show_points

SESSION_KEY = "scoring_sitting_candidate"


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(form, exc: ValidationError, field=None) -> None:
    """A service's refusal shown on the form it came from (on ``field``, or above the form)."""
    for message in exc.messages:
        form.add_error(field, message)


def _chair_or_403(seat) -> None:
    if not seat.is_chair:
        raise PermissionDenied


# --- Committee ----------------------------------------------------------------------------------------------


@login_required
@committee_member_required
@require_GET
def evaluation_list(request):
    return render(
        request,
        "scoring/evaluation_list.html",
        {"evaluations": list(selectors.evaluations_for_member(user=request.user))},
    )


@login_required
@committee_member_required
@require_GET
def evaluation_detail(request, pk):
    """The committee's page of an evaluation: the written test and the chair's acts, the candidates (counts
    only before the lock, R-20.3; nothing before the member's declaration, R-13.6), and the interview's or
    the documents' sheets, each table a page of evaluation_page.PER_PAGE (issue 13: evaluation_page)."""
    head = evaluation_page.head_for_member(user=request.user, pk=pk)
    evaluation, seat = head.evaluation, head.seat
    is_chair = evaluation_page.is_chair(seat)
    step_keys = [step.key for step in head.scheme.steps]
    names_shown = evaluation.names_visible and evaluation.member_declared
    context = {
        "evaluation": evaluation,
        "seat": seat,
        "position": evaluation.position,
        "is_chair": is_chair,
        # The status's label without get_status_display's dict of every choice, built at each call.
        "status_label": EvaluationStatus(evaluation.status).label,
        # {% blocktranslate count %}'s message ("%(n)s question."), without the tag's cost.
        "question_text": ngettext("%(n)s question.", "%(n)s questions.", head.question_count)
        % {"n": head.question_count},
        "now": timezone.now(),
        "has_written": services.WRITTEN in step_keys,
        "has_documents": services.DOCUMENTS in step_keys,
        "committee_url": urls.url("committees:my_committee", seat.committee_id),
        "names_shown": names_shown,
        "must_declare": evaluation.names_visible and not evaluation.member_declared,
    }
    if evaluation.status == EvaluationStatus.SEALED and is_chair:
        context["open_form"] = SittingOpenForm()
    if evaluation.status == EvaluationStatus.DRAFT and is_chair:
        context["problems"] = services.test_problems(evaluation)
        context["sections"] = [(key, schemes.SECTION_LABELS[key]) for key in schemes.SECTIONS]
    if not names_shown:
        context["counts"] = selectors.sitting_figures(evaluation, head.counts)  # how many, never who
    if context["must_declare"]:
        return render(request, "scoring/evaluation_detail.html", context)
    # Each table pages on its own; a pager's links keep the other table's page.
    candidates = None
    if names_shown:
        candidates = evaluation_page.candidates_page(head, request.GET.get(evaluation_page.CANDIDATES_VAR))
    context["candidates_page"] = candidates
    step = {
        EvaluationStatus.DOCUMENTS: services.DOCUMENTS,
        EvaluationStatus.INTERVIEWS: services.INTERVIEW,
    }.get(evaluation.status)
    context["sheets_page"] = None
    if step is not None:
        sheets = evaluation_page.sheets_page(
            head, step, request.GET.get(evaluation_page.SHEETS_VAR), chair=is_chair
        )
        context["sheets_page"] = sheets
        context["sheets_pager"] = evaluation_page.pager_html(
            sheets,
            evaluation_page.SHEETS_VAR,
            _other_page(evaluation_page.CANDIDATES_VAR, candidates),
            _("Pages of the interview sheets")
            if step == services.INTERVIEW
            else _("Pages of the sheets of the documents"),
        )
    if candidates is not None:
        context["candidates_pager"] = evaluation_page.pager_html(
            candidates,
            evaluation_page.CANDIDATES_VAR,
            _other_page(evaluation_page.SHEETS_VAR, context["sheets_page"]),
            _("Pages of the candidates"),
        )
    if step == services.INTERVIEW:
        context["interview_questions"] = evaluation_page.interview_questions(head)
    return render(request, "scoring/evaluation_detail.html", context)


def _other_page(name: str, page) -> str:
    """The other table's page in a pager's links (``sheets=3``), or "" for its first page."""
    return f"{name}={page.number}" if page is not None and page.number > 1 else ""


@login_required
@committee_member_required
@require_GET
def test_detail(request, pk):
    """The written test, for the members of this position's committee only (R-20.11: they keep it secret)."""
    evaluation, seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    return render(
        request,
        "scoring/test_detail.html",
        {
            "evaluation": evaluation,
            "position": evaluation.position,
            "seat": seat,
            "questions": list(evaluation.test_questions.all()),
        },
    )


def _chair_post(request, pk):
    evaluation, seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    _chair_or_403(seat)
    return evaluation


def _chair_action(request, pk, action, done, *, form=None, invalid="", failed="", next="scoring:evaluation"):
    """The body of the chair's buttons: the chair only; the form (if any) checked first, its `invalid` message
    if not; then `action(evaluation)` (a service); its errors (after `failed`, if given) shown back on the
    evaluation, or `done` (a message, or a function of the action's result giving it) shown on `next`."""
    evaluation = _chair_post(request, pk)
    if form is not None and not form.is_valid():
        messages.error(request, invalid)
        return redirect("scoring:evaluation", pk=evaluation.pk)
    try:
        outcome = action(evaluation)
    except ValidationError as exc:
        if failed:
            messages.error(request, failed)
        _errors(request, exc)
        return redirect("scoring:evaluation", pk=evaluation.pk)
    messages.success(request, done(outcome) if callable(done) else done)
    return redirect(next, pk=evaluation.pk)


@login_required
@committee_member_required
@require_http_methods(["GET", "POST"])
def interview_absence(request, pk, candidate_pk):
    """The chair records that an invited candidate did not come to the interview (R-22, R-23): a page saying
    what happens, then its confirmed POST; a second click finds it recorded and changes nothing. Only while
    the interviews are under way (the names are shown from the lock on, R-20.3)."""
    evaluation = _chair_post(request, pk)
    candidate = get_object_or_404(EvaluationCandidate, pk=candidate_pk, evaluation=evaluation)
    if evaluation.status != EvaluationStatus.INTERVIEWS:
        messages.error(
            request, _("An absence from the interview is recorded while the interviews are under way.")
        )
        return redirect("scoring:evaluation", pk=evaluation.pk)
    if candidate.absent_from_interview_at:
        messages.info(request, _("The absence is already recorded."))
        return redirect("scoring:evaluation", pk=evaluation.pk)
    if request.method == "GET" or "confirm" not in request.POST:
        return _confirmation(
            request,
            evaluation,
            "absent",
            title=_("Record an absence from the interview"),
            action_url=request.path,
            button=_("Record the absence"),
            extra={"name": selectors.candidate_name(candidate)},
        )
    try:
        services.interview_absence_record(candidate=candidate, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The absence is recorded: the candidate is not marked and not ranked."))
    return redirect("scoring:evaluation", pk=evaluation.pk)


@require_POST  # first: a GET is refused before anything is read
@login_required
@committee_member_required
def test_import(request, pk):
    form = UploadForm(request.POST, request.FILES)
    return _chair_action(
        request,
        pk,
        lambda ev: services.test_questions_import(evaluation=ev, data=form.read(), actor=request.user),
        lambda count: _("%(n)s questions imported.") % {"n": count},
        form=form,
        invalid=_("Choose a file to upload."),
    )


# --- Acts that cannot be undone: a page that says what will happen, then one confirmed POST
# ---------------------- GET (or a POST without ``confirm``) shows the confirmation page with the figures of
# selectors.confirmation_facts; only a POST carrying ``confirm`` acts. A repeated click finds the act done
# (the evaluation has moved on): it is told so and nothing is repeated; the services refuse a second act in
# any case, under the evaluation's row lock.


def _confirmation(request, evaluation, act: str, *, title, action_url, button, extra=None, status=200):
    facts = selectors.confirmation_facts(evaluation, act)
    return render(
        request,
        "scoring/confirm.html",
        {
            "evaluation": evaluation,
            "position": evaluation.position,
            "act": act,
            "facts": facts,
            "title": title,
            "action_url": action_url,
            "button": button,
            "extra": extra or {},
            "back_url": reverse(
                "scoring:ranking" if act == "publish" else "scoring:evaluation", args=[evaluation.pk]
            ),
        },
        status=status,
    )


def _confirmed_chair_act(
    request,
    pk,
    act,
    *,
    title,
    button,
    ready_statuses,
    done_statuses,
    already,
    action,
    done,
    next="scoring:evaluation",
    extra=None,
):
    evaluation = _chair_post(request, pk)
    if evaluation.status in done_statuses:
        messages.info(
            request, already
        )  # a repeated click, or a stale page: the act is done, nothing is repeated
        return redirect(next, pk=evaluation.pk)
    if evaluation.status not in ready_statuses:
        messages.error(
            request,
            _("This cannot be done at this stage of the evaluation (%(status)s).")
            % {"status": evaluation.get_status_display()},
        )
        return redirect("scoring:evaluation", pk=evaluation.pk)
    if request.method != "POST" or not request.POST.get("confirm"):
        return _confirmation(
            request, evaluation, act, title=title, button=button, extra=extra, action_url=request.path
        )
    return _chair_action(request, pk, action, done, next=next)


_AFTER_SEAL = {
    EvaluationStatus.SEALED,
    EvaluationStatus.SITTING,
    EvaluationStatus.WRITTEN_LOCKED,
    EvaluationStatus.INTERVIEWS,
    EvaluationStatus.COMPLETE,
    EvaluationStatus.PUBLISHED,
}
_AFTER_LOCK = {
    EvaluationStatus.WRITTEN_LOCKED,
    EvaluationStatus.INTERVIEWS,
    EvaluationStatus.COMPLETE,
    EvaluationStatus.PUBLISHED,
}
_AFTER_COMPLETE = {EvaluationStatus.COMPLETE, EvaluationStatus.PUBLISHED}


@login_required
@committee_member_required
@require_http_methods(["GET", "POST"])
def test_seal(request, pk):
    evaluation = _chair_post(request, pk)
    return _confirmed_chair_act(
        request,
        pk,
        "seal",
        title=_("Seal the written test"),
        button=_("Seal the test"),
        ready_statuses={EvaluationStatus.DRAFT},
        done_statuses=_AFTER_SEAL if evaluation.test_sha256 else set(),
        already=_("The written test is already sealed."),
        action=lambda ev: services.test_seal(evaluation=ev, actor=request.user),
        done=lambda ev: _("The written test is sealed. SHA-256: %(hash)s") % {"hash": ev.test_sha256},
        extra={
            "problems": services.test_problems(evaluation)
            if evaluation.status == EvaluationStatus.DRAFT
            else []
        },
    )


@require_POST  # first: a GET is refused before anything is read
@login_required
@committee_member_required
def sitting_open(request, pk):
    """The sitting starts the clock and lets the codes in: the evaluation page's form leads to a confirmation
    page (with the minutes chosen), whose confirmed POST opens it; a repeated click finds it open and does
    nothing."""
    form = SittingOpenForm(request.POST)
    evaluation = _chair_post(request, pk)
    if evaluation.status != EvaluationStatus.SEALED:
        if evaluation.status == EvaluationStatus.SITTING:
            messages.info(request, _("The sitting is already open."))
            return redirect("scoring:evaluation", pk=evaluation.pk)
    elif not request.POST.get("confirm") and form.is_valid():
        return _confirmation(
            request,
            evaluation,
            "open",
            title=_("Open the electronic sitting"),
            button=_("Open the sitting"),
            action_url=request.path,
            extra={
                "minutes": form.cleaned_data["minutes"],
                "until": timezone.now() + dt.timedelta(minutes=form.cleaned_data["minutes"]),
            },
        )
    return _chair_action(
        request,
        pk,
        lambda ev: services.sitting_open(
            evaluation=ev, minutes=form.cleaned_data["minutes"], actor=request.user
        ),
        _("The sitting is open."),
        form=form,
        invalid=_("The sitting lasts from 1 to %(max)s minutes.") % {"max": services.SITTING_MINUTES_MAX},
    )


@require_POST  # first: a GET is refused before anything is read
@login_required
@committee_member_required
def results_import(request, pk):
    form = ResultsUploadForm(request.POST, request.FILES)
    return _chair_action(
        request,
        pk,
        lambda ev: score_import.scores_import(
            evaluation=ev, data=form.read(), actor=request.user, sat_on=form.cleaned_data.get("sat_on")
        ),
        lambda summary: _("%(n)s results imported.") % {"n": summary.written},
        form=form,
        invalid=_("Choose a file to upload."),
        failed=_("Nothing was imported."),
    )


@login_required
@committee_member_required
@require_http_methods(["GET", "POST"])
def written_lock(request, pk):
    return _confirmed_chair_act(
        request,
        pk,
        "lock",
        title=_("Lock the written results"),
        button=_("Lock the results"),
        ready_statuses={EvaluationStatus.SEALED, EvaluationStatus.SITTING},
        done_statuses=_AFTER_LOCK,
        already=_("The written results are already locked."),
        action=lambda ev: services.written_lock(evaluation=ev, actor=request.user),
        done=_("The written results are locked."),
    )


@login_required
@committee_member_required
@require_http_methods(["GET", "POST"])
def interview_setup(request, pk):
    evaluation, seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    _chair_or_403(seat)
    if evaluation.status not in (EvaluationStatus.WRITTEN_LOCKED, EvaluationStatus.DOCUMENTS):
        raise Http404
    step = evaluation.scheme.step(services.INTERVIEW)
    form = InterviewQuestionsForm(
        request.POST or None,
        count=step.questions.count,
        points=None if step.questions.fixed else step.questions.maxima,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_open(
                evaluation=evaluation, questions=form.questions(), actor=request.user, maxima=form.maxima()
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The interview sheets are open."))
            return redirect("scoring:evaluation", pk=evaluation.pk)
    return render(
        request,
        "scoring/interview_setup.html",
        {
            "evaluation": evaluation,
            "position": evaluation.position,
            "form": form,
            "step": step,
            "article": services.interview_article(evaluation),
        },
    )


@dataclass(frozen=True)
class SheetLine:
    """A line of a sheet as SheetForm and the template read it: a question, or a criterion of F1's
    documents."""

    number: str
    text: str
    maximum: object
    in_foreign_language: bool = False


def _sheet_lines(evaluation, step: str) -> list:
    if step == services.INTERVIEW:
        return list(evaluation.interview_questions.all())
    maxima = evaluation.scheme.step(step).sheet_maxima
    return [
        SheetLine(key, str(services.CRITERION_LABELS.get(key, key)), maximum)
        for key, maximum in maxima.items()
    ]


def _line_choices(lines: list, step: str) -> list[tuple[str, str]]:
    """The lines a correction may name, as the member reads them: "2. Text of the question…", or the
    criterion."""
    return [
        (
            str(q.number),
            f"{q.number}. {Truncator(q.text).chars(60)}" if step == services.INTERVIEW else q.text,
        )
        for q in lines
    ]


def _sheet_urls(step: str) -> tuple[str, str]:
    return (
        ("scoring:documents_sheet", "scoring:documents_sheet_correct")
        if step == services.DOCUMENTS
        else ("scoring:sheet", "scoring:sheet_correct")
    )


@login_required
@committee_member_required
@require_http_methods(["GET", "POST"])
def sheet(request, pk, candidate_pk, step=services.INTERVIEW):
    """The member's own sheet for one candidate in a step (the interview, or F1's documents); others' marks
    only once every member has submitted."""
    evaluation, seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    if evaluation.status != services.SHEET_STEP_STATUS[step]:
        raise Http404
    candidate = selectors.invited_candidate(evaluation, candidate_pk, step=step)
    questions = _sheet_lines(evaluation, step)
    sheets = selectors.sheets_of(candidate, seat=seat, step=step)
    own = sheets["own"]
    initial = {}
    if own:
        for q in questions:
            initial[f"mark_{q.number}"] = show_points(own.marks.get(str(q.number), ""))  # "4,50" in sq
            initial[f"note_{q.number}"] = own.justifications.get(str(q.number), "")
    form = SheetForm(request.POST or None, questions=questions, initial=initial)
    locked = own is not None and own.status == SheetStatus.SUBMITTED
    sheet_url, correct_url = _sheet_urls(step)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.sheet_save(
                    candidate=candidate,
                    actor=request.user,
                    marks=form.marks(),
                    justifications=form.notes(),
                    submit="submit" in request.POST,
                    step=step,
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Your sheet is submitted.") if "submit" in request.POST else _("Your marks are saved."),
                )
                return redirect(sheet_url, pk=evaluation.pk, candidate_pk=candidate.pk)
    corrections = []
    if seat.is_chair and sheets["all_in"]:  # the chair sees the marks, hence corrects them, once all are in
        lines = _line_choices(questions, step)
        corrections = [
            (s, sh, CorrectionForm(initial={"sheet": sh.pk}, lines=lines, prefix=f"c{sh.pk}"))
            for s, sh in sheets["everyone"]
        ]
    return render(
        request,
        "scoring/sheet.html",
        {
            "evaluation": evaluation,
            "position": evaluation.position,
            "candidate": candidate,
            "seat": seat,
            "name": selectors.candidate_name(candidate),
            "questions": questions,
            "form": form,
            "locked": locked,
            "sheets": sheets,
            "corrections": corrections,
            "step": step,
            "step_label": schemes.STEP_LABELS.get(step, step),
            "correct_url": correct_url,
        },
    )


@require_POST  # first: a GET is refused before anything is read
@login_required
@committee_member_required
def sheet_correct(request, pk, candidate_pk, sheet_pk, step=services.INTERVIEW):
    evaluation, seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    _chair_or_403(seat)
    candidate = selectors.invited_candidate(evaluation, candidate_pk, step=step)
    target = get_object_or_404(InterviewSheet, pk=sheet_pk, candidate=candidate, step=step)
    lines = _line_choices(_sheet_lines(evaluation, step), step)
    form = CorrectionForm(request.POST, lines=lines, prefix=f"c{target.pk}")
    if not form.is_valid():
        messages.error(request, _("The correction needs a question, a mark and its reason."))
    else:
        try:
            services.sheet_correct(
                sheet=target,
                line=form.cleaned_data["line"],
                mark=form.cleaned_data["mark"],
                justification=form.cleaned_data["justification"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The sheet is corrected; the correction is recorded."))
    return redirect(_sheet_urls(step)[0], pk=evaluation.pk, candidate_pk=candidate.pk)


@login_required
@committee_member_required
@require_http_methods(["GET", "POST"])
def documents_open(request, pk):
    evaluation = _chair_post(request, pk)
    if services.DOCUMENTS not in [step.key for step in evaluation.scheme.steps]:
        raise Http404
    return _confirmed_chair_act(
        request,
        pk,
        "documents",
        title=_("Open the sheets of the documents"),
        button=_("Open the sheets"),
        ready_statuses={EvaluationStatus.DRAFT},
        done_statuses={
            EvaluationStatus.DOCUMENTS,
            EvaluationStatus.INTERVIEWS,
            EvaluationStatus.COMPLETE,
            EvaluationStatus.PUBLISHED,
        },
        already=_("The sheets of the evaluation of documents are already open."),
        action=lambda ev: services.documents_open(evaluation=ev, actor=request.user),
        done=_("The sheets of the evaluation of documents are open."),
    )


@login_required
@committee_member_required
@require_http_methods(["GET", "POST"])
def evaluation_complete(request, pk):
    return _confirmed_chair_act(
        request,
        pk,
        "complete",
        title=_("Complete the evaluation"),
        button=_("Complete the evaluation"),
        ready_statuses={EvaluationStatus.INTERVIEWS},
        done_statuses=_AFTER_COMPLETE,
        already=_("The evaluation is already complete."),
        action=lambda ev: services.evaluation_complete(evaluation=ev, actor=request.user),
        done=_("The evaluation is complete: the results are computed and frozen."),
        next="scoring:ranking",
    )


@require_POST
@login_required
@committee_member_required
def act_approve(request, pk):
    """R-25.1: a member approves the act on the results page (a ticked confirmation; approving twice does
    nothing)."""
    evaluation, _seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm that you approve the act."))
        return redirect("scoring:ranking", pk=evaluation.pk)
    try:
        stored = services.act_approve(evaluation=evaluation, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("The act is approved by the committee and sent to HR.")
            if stored.approved_at
            else _("Your approval is recorded."),
        )
    return redirect("scoring:ranking", pk=evaluation.pk)


RESULTS_PER_PAGE = 100


def _results_context(request, evaluation, *, qualified_only: bool = False) -> dict:
    rows = results.compute_results(evaluation)
    if qualified_only:
        rows = [row for row in rows if row.qualified]
    page = Paginator(rows, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    scheme = evaluation.scheme
    return {
        "evaluation": evaluation,
        "position": evaluation.position,
        "result": evaluation.result,
        "page": page,
        "table": selectors.result_table(evaluation, list(page.object_list)),
        "steps": list(scheme.steps),
        "scheme": scheme,
        "winners": sum(1 for row in rows if row.winner),
        "count": len(rows),
    }


@login_required
@require_GET
def ranking(request, pk):
    """The frozen results with names, for HR of the institution and the members of the committee."""
    evaluation = selectors.result_for_viewer(user=request.user, pk=pk)
    context = _results_context(request, evaluation)
    context["is_hr"] = is_hr_of(request.user, evaluation.position.announcement.institution_id)
    # who sits on the committee, who approved the act, and whether this reader still has to.
    context["sitting_seats"] = list(
        Seat.objects.filter(committee__position_id=evaluation.position_id, status=SeatStatus.ACTIVE)
        .select_related("member")
        .order_by("seat_key", "slot")
    )
    context["approved_seat_ids"] = set(evaluation.result.approvals.values_list("seat_id", flat=True))
    context["my_seat"] = services.seat_of(request.user, evaluation)
    # Issue 13: HR follows the candidates' notices being written (notifications.NoticeRun).
    context["notices"] = results_notices_progress(evaluation) if context["is_hr"] else None
    return render(request, "scoring/ranking.html", context)


@login_required
@hr_required
@require_http_methods(["GET", "POST"])
def results_publish(request, pk):
    """HR publishes the results (R-25): a confirmation page with the number of candidates told, then the
    act."""
    evaluation = selectors.evaluation_for_hr(user=request.user, pk=pk)
    if evaluation.status == EvaluationStatus.PUBLISHED:
        messages.info(request, _("The results are already published; nobody is told twice."))
        return redirect("scoring:ranking", pk=evaluation.pk)
    act_number = request.POST.get("act_number", "")[:60]
    if request.method != "POST" or not request.POST.get("confirm"):
        if evaluation.status != EvaluationStatus.COMPLETE:
            raise Http404  # nothing to publish yet
        return _confirmation(
            request,
            evaluation,
            "publish",
            title=_("Publish the results"),
            button=_("Publish and notify"),
            action_url=request.path,
            extra={"act_number": act_number},
        )
    try:
        services.results_publish(evaluation=evaluation, actor=request.user, act_number=act_number)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _(
                "The results are published. The notices to the candidates are being written: their progress "
                "is shown below."
            ),
        )
    return redirect("scoring:ranking", pk=evaluation.pk)


@login_required
@require_GET
def act_pdf(request, pk):
    """The act closing the competition (R-25.1; R-25.3 without winner): every final score in descending
    order."""
    evaluation = selectors.result_for_viewer(user=request.user, pk=pk)
    return _stored_results_pdf(request, evaluation, "act", private=True)


@require_GET
@public_page
def public_results(request, pk):
    """R-25.2: the published list of qualified candidates, paginated."""
    evaluation = selectors.published_evaluation(pk)
    page = selectors.published_qualified_page(evaluation, request.GET.get("page"), per_page=RESULTS_PER_PAGE)
    return render(
        request,
        "scoring/public_results.html",
        {
            "evaluation": evaluation,
            "position": evaluation.position,
            "result": evaluation.result,
            "page": page,
            "table": selectors.result_table(evaluation, page.object_list),
            "steps": list(evaluation.scheme.steps),
            "scheme": evaluation.scheme,
            "count": page.paginator.count,
        },
    )


@require_GET
@pdf_rate_limited  # issue 10: public PDFs are limited per client
def public_results_pdf(request, pk):
    evaluation = selectors.published_evaluation(pk)
    return _stored_results_pdf(request, evaluation, "qualified")


def _stored_results_pdf(request, evaluation, kind: str, *, private: bool = False):
    """The stored file of this version, rendered by a worker (issue 13: never in a request; 8 s for the act of
    1,000 candidates, minutes at 10,000)."""

    language = reader_language()
    return stored_pdf_response(
        request,
        path=pdf.results_pdf_path(evaluation, kind, language),
        filename=f"{kind}-{evaluation.pk}.pdf",
        enqueue=lambda: tasks.results_pdf_render.delay(evaluation.pk, kind, language),
        private=private,
    )


@login_required
@hr_required
@require_http_methods(["GET", "POST"])
def representation(request):
    """R-28: HR declares its staff per category and year, read by R-27.1 and reported yearly (page and
    PDF)."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        raise Http404 from None
    form = RepresentationForm(request.POST or None, user=request.user, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            services.representation_save(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The figures are saved."))
            return redirect(f"{reverse('scoring:representation')}?year={form.cleaned_data['year']}")
    report = selectors.representation_report(user=request.user, year=year)
    if request.GET.get("format") == "pdf":  # rendered by a worker (issue 13), served once stored
        language = reader_language()
        user_id = request.user.pk
        return stored_pdf_response(
            request,
            path=pdf.representation_pdf_path(report, year=year, language=language),
            filename=f"representation-{year}.pdf",
            enqueue=lambda: tasks.representation_pdf_render.delay(user_id, year, language),
            private=True,
        )
    return render(request, "scoring/representation.html", {"report": report, "year": year, "form": form})


# --- HR: starting evaluations, admitting candidates, the slips handed out at the door -----------------------


@login_required
@hr_required
@require_http_methods(["GET", "POST"])
def hr_evaluations(request):
    """HR's list: positions of its institutions with a committee, to start their evaluation and admit the
    shortlisted candidates (R-18.3)."""
    positions = selectors.positions_for_hr(user=request.user)
    if request.method == "POST":
        position = next((p for p in positions if str(p.pk) == request.POST.get("position")), None)
        if position is None:
            raise Http404
        if (
            getattr(position, "evaluation", None) is None
            and position.scoring_scheme == services.CUSTOM_SCHEME
        ):
            return redirect("scoring:scheme_compose", position_pk=position.pk)
        try:
            if getattr(position, "evaluation", None) is None:
                services.evaluation_create(
                    position=position,
                    actor=request.user,
                    foreign_language=request.POST.get("foreign_language", "")[:100],
                )
                messages.success(request, _("The evaluation is started."))
            else:
                added = services.candidates_admit(evaluation=position.evaluation, actor=request.user)
                messages.success(request, _("%(n)s candidates admitted.") % {"n": added})
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("scoring:hr_evaluations")
    return render(request, "scoring/hr_evaluations.html", {"positions": positions})


@login_required
@hr_required
@require_http_methods(["GET", "POST"])
def scheme_compose(request, position_pk):
    """HR composes the scheme of a position announced with a scheme of its own (K23) and starts its
    evaluation."""
    position = next((p for p in selectors.positions_for_hr(user=request.user) if p.pk == position_pk), None)
    if (
        position is None
        or position.scoring_scheme != services.CUSTOM_SCHEME
        or getattr(position, "evaluation", None) is not None
    ):
        raise Http404
    form = CustomSchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_create(
                position=position,
                actor=request.user,
                scheme=form.scheme(),
                foreign_language=form.cleaned_data["foreign_language"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The evaluation is started."))
            return redirect("scoring:hr_evaluations")
    return render(request, "scoring/scheme_compose.html", {"position": position, "form": form})


# --- HR: the slips handed to candidates at the door ---------------------------------------------------------


@login_required
@hr_required
@require_GET
def slips(request, pk):
    """Name and code, for HR to hand each candidate their code in the room; never shown to the committee."""
    evaluation = selectors.evaluation_for_hr(user=request.user, pk=pk)
    candidates = [(c, selectors.candidate_name(c)) for c in selectors.candidates_with_names(evaluation)]
    return render(
        request,
        "scoring/slips.html",
        {"evaluation": evaluation, "position": evaluation.position, "candidates": candidates},
    )


# --- The candidate's sitting (public: the code is the key) --------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def sitting_enter(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.sitting_enter(code=form.cleaned_data["code"])
        except ValidationError as exc:
            _form_errors(form, exc, "code")
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = candidate.pk
            return redirect("scoring:sitting_paper")
    return render(request, "scoring/sitting_enter.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def sitting_paper(request):
    candidate_pk = request.session.get(SESSION_KEY)
    candidate = (
        EvaluationCandidate.objects.select_related("evaluation__position").filter(pk=candidate_pk).first()
        if candidate_pk
        else None
    )
    if candidate is None:
        return redirect("scoring:sitting_enter")
    evaluation = candidate.evaluation
    questions = (evaluation.test_snapshot or {}).get("questions", [])
    if request.method == "POST":
        answers = {str(q["id"]): request.POST.getlist(f"q{q['id']}") for q in questions}
        try:
            answers = {key: [int(v) for v in values] for key, values in answers.items() if values}
            services.sitting_save(candidate=candidate, answers=answers, hand_in="hand_in" in request.POST)
        except ValueError:
            messages.error(request, _("An answer chosen is not one of the question's options."))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request,
                _("Your test is handed in.") if "hand_in" in request.POST else _("Your answers are saved."),
            )
        return redirect("scoring:sitting_paper")
    candidate.refresh_from_db()
    open_now = evaluation.sitting_is_open() and not candidate.handed_in_at
    chosen = candidate.answers or {}
    paper = (
        [
            {
                "id": q["id"],
                "number": q["number"],
                "text": q["text"],
                "options": [
                    (i, text, i in chosen.get(str(q["id"]), [])) for i, text in enumerate(q["options"])
                ],
            }
            for q in questions
        ]
        if open_now
        else []
    )
    return render(
        request,
        "scoring/sitting_paper.html",
        {
            "candidate": candidate,
            "evaluation": evaluation,
            "paper": paper,
            "open_now": open_now,
            "closes_at": evaluation.sitting_closes_at,
        },
    )
