"""The evaluation services' shared pieces: the step keys, the refusals, the row lock, the move of the
evaluation's status, the committee-seat checks and the lot's commitment."""

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.models import Seat, SeatStatus
from recruitment.lib.transitions import mover
from recruitment.permissions import NotAllowed
from verification.models import Decision, Review

from .. import schemes
from ..models import EVALUATION_TRANSITIONS, Evaluation, EvaluationCandidate, EvaluationStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

WRITTEN, INTERVIEW, DOCUMENTS = "written", "interview", "documents"
EXCLUDED = Decision.EXCLUDED
SHEET_STEPS = (DOCUMENTS, INTERVIEW)
# The status in which the members fill their sheets of each step.
SHEET_STEP_STATUS = {DOCUMENTS: EvaluationStatus.DOCUMENTS, INTERVIEW: EvaluationStatus.INTERVIEWS}
SITTING_MINUTES_MAX = 600
CRITERION_LABELS = {  # F1 item 13
    "cv": gettext_lazy("CV"),
    "education": gettext_lazy("Education and qualification"),
    "training": gettext_lazy("Training"),
    "experience": gettext_lazy("Work experience"),
}


class EvaluationError(ValidationError):
    """A refused change; ``messages`` says every reason (a sealing refusal: one per broken rule)."""


class SheetLocked(EvaluationError):
    pass


class SittingClosed(EvaluationError):
    pass


# --- helpers ------------------------------------------------------------------------------------------------


_move = mover(
    EVALUATION_TRANSITIONS,
    EvaluationStatus,
    EvaluationError,
    gettext_lazy("An evaluation cannot go from “%(current)s” to “%(target)s”."),
)


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("position__announcement__institution")
        .get(pk=evaluation.pk)
    )


def seat_of(user: "User | AnonymousUser", evaluation: Evaluation) -> Seat | None:
    """The user's active seat on the committee of the evaluation's position, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return (
        Seat.objects.filter(
            member__user=user, status=SeatStatus.ACTIVE, committee__position_id=evaluation.position_id
        )
        .select_related("committee", "member")
        .first()
    )


def _require_member(actor: "User", evaluation) -> Seat:
    seat = seat_of(actor, evaluation)
    if seat is None:
        raise NotAllowed("Only a member of this position's committee may do this.")
    return seat


def _require_chair(actor: "User", evaluation) -> Seat:
    seat = _require_member(actor, evaluation)
    if not seat.is_chair:
        raise NotAllowed("Only the chair of the committee may do this.")
    return seat


def written_article(evaluation: Evaluation) -> str:
    return schemes.WRITTEN_COMPOSITIONS[evaluation.category].article


def interview_article(evaluation: Evaluation) -> str:
    # lower and middle management; R-23: professional and specialist; F1 item 13 where no written test.
    if evaluation.category not in schemes.WRITTEN_COMPOSITIONS or not _has_step(evaluation, WRITTEN):
        return "F1" if evaluation.scheme_key == "f1" else _("Scheme")
    return "R-22" if written_article(evaluation) == "R-21" else "R-23"


def _has_step(evaluation: Evaluation, key: str) -> bool:
    return any(step.key == key for step in evaluation.scheme.steps)


def _commit_lot(evaluation: Evaluation) -> None:
    """The portal's value for the lot of R-27.1.4, drawn now and kept secret; its SHA-256 is public from now
    on (the committee draw's scheme, committees.rules) and the value is revealed with the results."""
    if not evaluation.lot_value:
        evaluation.lot_value = secrets.token_hex(32)
        evaluation.lot_commitment = hashlib.sha256(evaluation.lot_value.encode()).hexdigest()


def _require_written_step(evaluation: Evaluation) -> schemes.Step:
    try:
        step = evaluation.scheme.step(WRITTEN)
    except KeyError:
        raise EvaluationError(_("This evaluation's scheme has no written test.")) from None
    if evaluation.category not in schemes.WRITTEN_COMPOSITIONS:
        raise EvaluationError(_("The regulation defines no written test for this category of position."))
    return step


def _is_excluded(candidate: EvaluationCandidate) -> bool:
    """R-9.3: the candidate's application was excluded for a false declaration (verification's decision)."""
    return Review.objects.filter(application_id=candidate.application_id, decision=EXCLUDED).exists()


def _admit(evaluation: Evaluation, application) -> tuple[EvaluationCandidate, bool]:
    """The application's candidate in the evaluation, made when new with the name of the published shortlist
    (the review's, R-18.4), which the committee's lists and the results show and order by."""
    review = application.review
    return EvaluationCandidate.objects.get_or_create(
        evaluation=evaluation,
        application=application,
        defaults={"first_name": review.first_name, "last_name": review.last_name},
    )
