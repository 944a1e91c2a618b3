"""R-12.1: HR applies for a candidate who cannot apply electronically."""

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from recruitment.permissions import require_hr_of
from vacancies.models import Position

from ..models import ApplicantProfile, Application, EventKind
from .common import (
    ApplicationError,
    _announcement_locked,
    _event,
    _position_locked,
    _require_open,
    _tell_candidate_of,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

if TYPE_CHECKING:
    pass


# --- HR applies for a candidate ---------------------------------------------------------------


@transaction.atomic
def assisted_application_start(
    *,
    actor: "User",
    position: Position,
    email: str,
    first_name: str,
    last_name: str,
    language: str,
    now: dt.datetime | None = None,
) -> Application:
    """HR of the position's institution opens a draft for a candidate who cannot apply electronically
    (R-12.1), with the candidate's written consent (rules.SLOT_CONSENT, a required item of the draft).

    HR never opens a person's account (issue 10): an e-mail that belongs to an account on the portal is
    refused, and HR asks the person to apply from it. The draft belongs to a held account made for this one
    application (no password, no e-mail of its own: the person's address stays free for their own account),
    and HR fills in that account's profile, the application's own copy. The e-mail given is where the
    person is told of every act of HR in their name and receives the receipt; without one, HR hands the
    receipt over on paper."""

    require_hr_of(actor, position.announcement.institution_id)
    announcement = _announcement_locked(position.announcement_id)
    now = now or timezone.now()
    _require_open(announcement, _position_locked(position.pk), now)
    User = get_user_model()
    email = (email or "").strip().lower()
    if email and (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise ApplicationError(
            _(
                "This e-mail address belongs to an account on the portal. HR does not apply in the name of a "
                "person who has an account: ask the person to apply from their own account."
            )
        )
    candidate = User(
        username=f"assisted-{uuid.uuid4().hex}", email="", first_name=first_name, last_name=last_name
    )
    candidate.set_unusable_password()
    candidate.save()
    audit_log(actor=actor, action="account.created_for_candidate", obj=candidate, data={"r": "R-12.1"})
    profile = ApplicantProfile.objects.create(
        user=candidate, first_name=first_name, last_name=last_name, email=email
    )
    application = Application.objects.create(
        applicant=candidate,
        position=position,
        language=language,
        assisted=True,
        assisted_by=actor,
    )
    _event(application, EventKind.CREATED, actor, timezone.now(), assisted=True)
    audit_log(
        actor=actor,
        action="application.started_by_hr",
        obj=application,
        data={"position": position.pk, "candidate": candidate.pk, "r": "R-12.1"},
    )
    _tell_candidate_of(application, actor, _("an application was opened in your name"), profile=profile)
    return application
