"""The evaluation's pages: the committee's (second factor, own committee only, codes only before the lock), the
candidates' anonymous written-test sitting (a code, no account), and HR's slips of codes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recruitment.permissions import committee_member_required, hr_required

from . import selectors, services
from .forms import CodeForm, CorrectionForm, InterviewQuestionsForm, SheetForm, SittingOpenForm, UploadForm
from .models import EvaluationCandidate, EvaluationStatus, InterviewSheet, SheetStatus

SESSION_KEY = "scoring_sitting_candidate"


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _chair_or_403(seat) -> None:
    if not seat.is_chair:
        raise PermissionDenied


# --- Committee ------------------------------------------------------------------------------------------------


@login_required
@committee_member_required
@require_GET
def evaluation_list(request):
    return render(request, "scoring/evaluation_list.html",
                  {"evaluations": list(selectors.evaluations_for_member(user=request.user))})


@login_required
@committee_member_required
@require_GET
def evaluation_detail(request, pk):
    evaluation, seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    context = {
        "evaluation": evaluation, "seat": seat, "position": evaluation.position, "is_chair": seat.is_chair,
        "rows": selectors.candidate_rows(evaluation), "question_count": evaluation.test_questions.count(),
        "open_form": SittingOpenForm(), "upload_form": UploadForm(), "now": timezone.now(),
    }
    if evaluation.status == EvaluationStatus.DRAFT and seat.is_chair:
        context["problems"] = services.test_problems(evaluation)
    if evaluation.status == EvaluationStatus.INTERVIEWS:
        context["interview_rows"] = selectors.interview_rows(evaluation)
        context["interview_questions"] = list(evaluation.interview_questions.all())
    return render(request, "scoring/evaluation_detail.html", context)


@login_required
@committee_member_required
@require_GET
def test_detail(request, pk):
    """The written test, for the members of this position's committee only (R-20.11: they keep it secret)."""
    evaluation, seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    return render(request, "scoring/test_detail.html", {
        "evaluation": evaluation, "position": evaluation.position, "seat": seat,
        "questions": list(evaluation.test_questions.all())})


def _chair_post(request, pk):
    evaluation, seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    _chair_or_403(seat)
    return evaluation


@require_POST  # first: a GET is refused before anything is read
@login_required
@committee_member_required
def test_import(request, pk):
    evaluation = _chair_post(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            count = services.test_questions_import(evaluation=evaluation, data=form.read(), actor=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("%(n)s questions imported.") % {"n": count})
    return redirect("scoring:evaluation", pk=evaluation.pk)


@require_POST  # first: a GET is refused before anything is read
@login_required
@committee_member_required
def test_seal(request, pk):
    evaluation = _chair_post(request, pk)
    try:
        evaluation = services.test_seal(evaluation=evaluation, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The written test is sealed. SHA-256: %(hash)s") % {"hash": evaluation.test_sha256})
    return redirect("scoring:evaluation", pk=evaluation.pk)


@require_POST  # first: a GET is refused before anything is read
@login_required
@committee_member_required
def sitting_open(request, pk):
    evaluation = _chair_post(request, pk)
    form = SittingOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The sitting lasts from 1 to %(max)s minutes.") % {
            "max": services.SITTING_MINUTES_MAX})
    else:
        try:
            services.sitting_open(evaluation=evaluation, minutes=form.cleaned_data["minutes"], actor=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The sitting is open."))
    return redirect("scoring:evaluation", pk=evaluation.pk)


@require_POST  # first: a GET is refused before anything is read
@login_required
@committee_member_required
def results_import(request, pk):
    evaluation = _chair_post(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            count = services.written_results_import(evaluation=evaluation, data=form.read(), actor=request.user)
        except ValidationError as exc:
            messages.error(request, _("Nothing was imported."))
            _errors(request, exc)
        else:
            messages.success(request, _("%(n)s results imported.") % {"n": count})
    return redirect("scoring:evaluation", pk=evaluation.pk)


@require_POST  # first: a GET is refused before anything is read
@login_required
@committee_member_required
def written_lock(request, pk):
    evaluation = _chair_post(request, pk)
    try:
        services.written_lock(evaluation=evaluation, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The written results are locked."))
    return redirect("scoring:evaluation", pk=evaluation.pk)


@login_required
@committee_member_required
@require_http_methods(["GET", "POST"])
def interview_setup(request, pk):
    evaluation, seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    _chair_or_403(seat)
    if evaluation.status != EvaluationStatus.WRITTEN_LOCKED:
        raise Http404
    step = evaluation.scheme.step(services.INTERVIEW)
    form = InterviewQuestionsForm(request.POST or None, count=step.questions.count)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_open(evaluation=evaluation, questions=form.questions(), actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The interview sheets are open."))
            return redirect("scoring:evaluation", pk=evaluation.pk)
    return render(request, "scoring/interview_setup.html", {
        "evaluation": evaluation, "position": evaluation.position, "form": form, "step": step,
        "article": services.interview_article(evaluation)})


@login_required
@committee_member_required
@require_http_methods(["GET", "POST"])
def sheet(request, pk, candidate_pk):
    """The member's own sheet for one candidate; others' marks only once every member has submitted."""
    evaluation, seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    if evaluation.status != EvaluationStatus.INTERVIEWS:
        raise Http404
    candidate = selectors.invited_candidate(evaluation, candidate_pk)
    questions = list(evaluation.interview_questions.all())
    sheets = selectors.sheets_of(candidate, seat=seat)
    own = sheets["own"]
    initial = {}
    if own:
        for q in questions:
            initial[f"mark_{q.number}"] = own.marks.get(str(q.number), "")
            initial[f"note_{q.number}"] = own.justifications.get(str(q.number), "")
    form = SheetForm(request.POST or None, questions=questions, initial=initial)
    locked = own is not None and own.status == SheetStatus.SUBMITTED
    if request.method == "POST":
        if form.is_valid():
            try:
                services.sheet_save(candidate=candidate, actor=request.user, marks=form.marks(),
                                    justifications=form.notes(), submit="submit" in request.POST)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Your sheet is submitted.") if "submit" in request.POST
                                 else _("Your marks are saved."))
                return redirect("scoring:sheet", pk=evaluation.pk, candidate_pk=candidate.pk)
    corrections = []
    if seat.is_chair and sheets["all_in"]:  # the chair sees the marks, hence corrects them, once all are in
        lines = [str(q.number) for q in questions]
        corrections = [(s, sh, CorrectionForm(initial={"sheet": sh.pk}, lines=lines, prefix=f"c{sh.pk}"))
                       for s, sh in sheets["everyone"]]
    return render(request, "scoring/sheet.html", {
        "evaluation": evaluation, "position": evaluation.position, "candidate": candidate, "seat": seat,
        "name": selectors.candidate_name(candidate.application), "questions": questions, "form": form,
        "locked": locked, "sheets": sheets, "corrections": corrections})


@require_POST  # first: a GET is refused before anything is read
@login_required
@committee_member_required
def sheet_correct(request, pk, candidate_pk, sheet_pk):
    evaluation, seat = selectors.evaluation_for_member(user=request.user, pk=pk)
    _chair_or_403(seat)
    candidate = selectors.invited_candidate(evaluation, candidate_pk)
    target = get_object_or_404(InterviewSheet, pk=sheet_pk, candidate=candidate)
    lines = [str(q.number) for q in evaluation.interview_questions.all()]
    form = CorrectionForm(request.POST, lines=lines, prefix=f"c{target.pk}")
    if not form.is_valid():
        messages.error(request, _("The correction needs a question, a mark and its reason."))
    else:
        try:
            services.sheet_correct(sheet=target, line=form.cleaned_data["line"], mark=form.cleaned_data["mark"],
                                   justification=form.cleaned_data["justification"],
                                   reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The sheet is corrected; the correction is recorded."))
    return redirect("scoring:sheet", pk=evaluation.pk, candidate_pk=candidate.pk)


# --- HR: starting evaluations, admitting candidates, the slips handed out at the door -----------------------------


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
        try:
            if getattr(position, "evaluation", None) is None:
                services.evaluation_create(position=position, actor=request.user,
                                           foreign_language=request.POST.get("foreign_language", "")[:100])
                messages.success(request, _("The evaluation is started."))
            else:
                added = services.candidates_admit(evaluation=position.evaluation, actor=request.user)
                messages.success(request, _("%(n)s candidates admitted.") % {"n": added})
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("scoring:hr_evaluations")
    return render(request, "scoring/hr_evaluations.html", {"positions": positions})


# --- HR: the slips handed to candidates at the door --------------------------------------------------------------


@login_required
@hr_required
@require_GET
def slips(request, pk):
    """Name and code, for HR to hand each candidate their code in the room; never shown to the committee."""
    evaluation = selectors.evaluation_for_hr(user=request.user, pk=pk)
    candidates = [(c, selectors.candidate_name(c.application)) for c in selectors.candidates_with_names(evaluation)]
    return render(request, "scoring/slips.html", {"evaluation": evaluation, "position": evaluation.position,
                                                  "candidates": candidates})


# --- The candidate's sitting (public: the code is the key) --------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def sitting_enter(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.sitting_enter(code=form.cleaned_data["code"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("code", message)
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = candidate.pk
            return redirect("scoring:sitting_paper")
    return render(request, "scoring/sitting_enter.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def sitting_paper(request):
    candidate_pk = request.session.get(SESSION_KEY)
    candidate = (EvaluationCandidate.objects.select_related("evaluation__position").filter(pk=candidate_pk).first()
                 if candidate_pk else None)
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
            messages.success(request, _("Your test is handed in.") if "hand_in" in request.POST
                             else _("Your answers are saved."))
        return redirect("scoring:sitting_paper")
    candidate.refresh_from_db()
    open_now = evaluation.sitting_is_open() and not candidate.handed_in_at
    chosen = candidate.answers or {}
    paper = [{"id": q["id"], "number": q["number"], "text": q["text"],
              "options": [(i, text, i in chosen.get(str(q["id"]), [])) for i, text in enumerate(q["options"])]}
             for q in questions] if open_now else []
    return render(request, "scoring/sitting_paper.html", {
        "candidate": candidate, "evaluation": evaluation, "paper": paper, "open_now": open_now,
        "closes_at": evaluation.sitting_closes_at})
