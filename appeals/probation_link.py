"""Where the appeals app meets probation and winners for R-40: the one module that knows their published
names.

R-40.2 keeps the post of an employee not confirmed vacant until KPMSHCK decides the appeal, or until the time
to lodge one has run out. The post belongs to winners (``winners.services.post_release``), the termination to
probation (its service that annuls a termination on appeal); this module calls them and nothing else writes.
"""

from __future__ import annotations

import datetime as dt

from probation import services as probation_services
from probation.choices import ProbationState
from probation.models import Probation
from winners import services as winners_services
from winners.choices import PostState

# probation's published service that annuls a termination upheld on appeal (issue 15), tried in this order.
ANNUL_SERVICE_NAMES = ("probation_termination_annul",)


class LinkMissing(RuntimeError):
    """A published service of a lower app that this build does not have."""


def probation_model() -> type[Probation]:
    return Probation


def terminated_state() -> str:
    return ProbationState.TERMINATED


def termination_date(probation) -> dt.date | None:
    """The date of the decision not to confirm (R-39.5), from which R-40.1's thirty days run."""
    # probation.Probation.decided_on: "date of the act" of termination, issued when the employee is
    # told.
    return probation.decided_on


def vacant_state() -> str:
    return PostState.VACANT


def appointment_of(probation):
    return probation.appointment


def post_of(probation):
    return appointment_of(probation).post


def application_of(probation):
    return appointment_of(probation).winner.application


def institution_id_of(probation) -> int:
    return probation.institution_id


def terminated_probations(institution_ids):
    """The terminated probations of these institutions, with what the appeals pages show, in one query."""
    return (
        probation_model()
        .objects.filter(state=terminated_state(), institution_id__in=institution_ids)
        .select_related(
            "appointment__post",
            "employee",
            "institution",
            "appointment__winner__application__position__announcement__institution",
            "appointment__winner__application__applicant",
        )
    )


def termination_annul(*, actor, appeal, reason: str, now) -> str:
    for name in ANNUL_SERVICE_NAMES:
        service = getattr(probation_services, name, None)
        if service is not None:
            service(
                actor=actor, probation=appeal.probation, reason=reason, annulled_on=appeal.decided_on, now=now
            )
            return f"probation.Probation #{appeal.probation_id}: termination annulled"
    raise LinkMissing(
        f"probation.services: a service annulling a termination ({', '.join(ANNUL_SERVICE_NAMES)})"
    )


def holds_the_post(probation) -> bool:
    """Whether the probation's appointment is still the post's latest: once released (R-40.2) and given to the
    next winner, the post is someone else's, and it is never released again for this probation."""
    latest = (
        post_of(probation).appointments.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
    )
    return latest == probation.appointment_id


def post_release(*, actor, appeal=None, probation=None, reason: str, now) -> str:
    """R-40.2 ends: the post is vacant again (winners.services.post_release). Quiet when it is vacant
    already."""
    probation = probation if probation is not None else appeal.probation
    post = post_of(probation)
    if not holds_the_post(probation):
        return f"winners.Post #{post.pk} was released already and given to another appointee"
    if post.state == vacant_state():
        return f"winners.Post #{post.pk} was vacant already"
    winners_services.post_release(actor=actor, post=post, reason=reason, now=now)
    return f"winners.Post #{post.pk} released"
