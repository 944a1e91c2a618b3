"""Creation of an evaluation and admission of its candidates (HR, R-17.1.2, R-18.3), and the scheme HR
composes."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_log
from committees import rules as committee_rules
from recruitment.permissions import require_hr_of
from vacancies import rules as vacancy_rules
from verification import selectors as verification_selectors

from .. import schemes
from ..models import Evaluation, EvaluationStatus
from .common import DOCUMENTS, INTERVIEW, WRITTEN, EvaluationError, _admit, _locked

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def evaluation_create(
    *, position, actor: "User", foreign_language: str = "", scheme: schemes.Scheme | None = None
) -> Evaluation:
    """HR starts the evaluation of a position (R-17.1.2), freezing the scheme it is announced with."""
    require_hr_of(actor, position.announcement.institution_id)
    lawful = _lawful_problems(position)
    if lawful:
        raise EvaluationError(lawful)
    if position.scoring_scheme == CUSTOM_SCHEME:
        if scheme is None:
            raise EvaluationError(
                _("This position's scheme is set by HR: compose it before starting the evaluation.")
            )
        problems = custom_scheme_problems(scheme, position.category)
        if problems:
            raise EvaluationError(problems)
    elif scheme is None:
        scheme = schemes.preset(position.scoring_scheme)
    with transaction.atomic():
        if Evaluation.objects.filter(position=position).exists():
            raise EvaluationError(_("This position's evaluation has already started."))
        evaluation = Evaluation.objects.create(
            position=position,
            scheme_key=scheme.key,
            scheme_data=scheme.as_dict(),
            category=position.category,
            foreign_language=foreign_language.strip(),
            created_by=actor,
        )
        audit_log(
            actor=actor,
            action="scoring.evaluation_created",
            obj=evaluation,
            data={
                "position": position.pk,
                "scheme": scheme.key,
                "foreign_language": evaluation.foreign_language,
            },
        )
    return evaluation


def _lawful_problems(position) -> list[str]:
    """R-19.2, R-25.2 (the scheme) and R-13.2, R-14.2, R-15.2, F1 item 13 (the committee): what the position's
    rule set and category allow, checked again when the evaluation starts (publication checked the scheme
    already)."""
    rule_set = position.announcement.rule_set
    problems = vacancy_rules.scheme_problems(
        rule_set=rule_set, category=position.category, scheme=position.scoring_scheme, position=str(position)
    )
    committee = getattr(position, "committee", None)
    if committee is not None:
        problems += committee_rules.composition_problems(
            rule_set=rule_set, category=position.category, composition=committee.composition
        )
    return problems


CUSTOM_SCHEME = "custom"  # vacancies.models.ScoringScheme.CUSTOM: HR composes the steps (K23)
# The orders of steps the evaluation's stages can run (models.EVALUATION_TRANSITIONS): a written test (R-20,
# R-21) or an evaluation of documents (F1 item 13), then an interview marked question by question.
RUNNABLE_ORDERS = (
    (WRITTEN, INTERVIEW),
    (DOCUMENTS, INTERVIEW),
    (INTERVIEW,),
)  # the last: K23, interview only


def custom_scheme_problems(scheme: schemes.Scheme, category: str) -> list[str]:
    """Why the portal could not run a scheme HR composed (empty: it can). ``custom_scheme`` has already
    checked the scheme's own rules; these are the portal's: which steps follow which, and how each step is
    marked."""
    problems = []
    order = tuple(step.key for step in scheme.steps)
    if order not in RUNNABLE_ORDERS:
        problems.append(
            _(
                "The portal runs a written test or an evaluation of documents, then an interview; or "
                "an interview only (K23)."
            )
        )
    for step in scheme.steps:
        if step.key == WRITTEN:
            if step.combine != schemes.COMBINE_SINGLE or step.sheet_maxima:
                problems.append(
                    _(
                        "The written test is scored once per candidate, with neither criteria nor "
                        "questions (R-20.3)."
                    )
                )
            composition = schemes.WRITTEN_COMPOSITIONS.get(category)
            if composition is None:
                problems.append(_("The regulation defines no written test for this category of position."))
            elif step.maximum > composition.maximum:
                problems.append(
                    _("%(article)s.4: the written test of this category is worth up to %(maximum)s points.")
                    % {"article": composition.article, "maximum": composition.maximum}
                )
        elif step.key == DOCUMENTS and (not step.criteria or step.combine != schemes.COMBINE_MEAN_OF_MEMBERS):
            problems.append(
                _(
                    "The documents are marked by criteria by every member; their score is the mean of "
                    "the members' sheets."
                )
            )
        elif step.key == INTERVIEW and (
            step.questions is None or step.combine != schemes.COMBINE_MEAN_OF_MEMBERS
        ):
            problems.append(
                _(
                    "The interview is marked question by question by every member; its score is the "
                    "mean of the members' sheets."
                )
            )
    if scheme.key != CUSTOM_SCHEME:
        problems.append(_("A scheme composed by HR is named “custom”."))
    return problems


def candidates_admit(*, evaluation: Evaluation, actor: "User") -> int:
    """HR admits the candidates who passed the preliminary verification (R-18.3); returns how many were added.

    Candidates can be added until the sitting opens; a code once given is never changed.
    """
    require_hr_of(actor, evaluation.position.announcement.institution_id)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if evaluation.status not in (EvaluationStatus.DRAFT, EvaluationStatus.SEALED):
            raise EvaluationError(_("Candidates can only be admitted before the written test is sat."))
        added = sum(
            1
            for application in verification_selectors.eligible_applications(evaluation.position)
            if _admit(evaluation, application)[1]
        )
        audit_log(
            actor=actor,
            action="scoring.candidates_admitted",
            obj=evaluation,
            data={"added": added, "total": evaluation.candidates.count()},
        )
    return added
