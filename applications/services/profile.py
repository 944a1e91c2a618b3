"""The applicant's profile (R-11.1): its personal data and lists, and the frozen copy a submission keeps."""

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from audit.services import audit_log
from recruitment.lib.rows import Row, changed_fields, rows_apply
from recruitment.permissions import NotAllowed

from .. import choices, rules, selectors
from ..models import ApplicantProfile, Application, ApplicationStatus
from .common import ApplicationError, _tell_candidate

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# The lists of the profile (R-11.1.3 … ), by the related name of their rows.
PROFILE_LISTS = ("education", "experience", "languages", "qualifications", "referees")


# --- Profile (R-11.1) ------------------------------------------------------------------------------------


def profile_get_or_create(*, user: "User") -> ApplicantProfile:
    profile = ApplicantProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    with transaction.atomic():
        profile, created = ApplicantProfile.objects.get_or_create(user=user, defaults={"email": user.email})
        if created:
            audit_log(actor=user, action="profile.created", obj=profile)
    return profile


@transaction.atomic
def profile_update(*, profile: ApplicantProfile, values: dict[str, Any], actor: "User") -> ApplicantProfile:
    """Save the personal data: ``values`` are the validated fields of the profile (the form's cleaned
    data)."""
    _require_profile_owner(profile, actor)
    saved = ApplicantProfile.objects.select_for_update().get(pk=profile.pk)
    changed = changed_fields(saved, values)
    for name, value in values.items():
        setattr(saved, name, value)
    saved.save()
    # Field names only: the audit chain is append-only and must not hold personal data.
    audit_log(actor=actor, action="profile.updated", obj=saved, data={"fields": changed})
    _tell_candidate(saved, actor, _("your personal data was changed"))
    return saved


@transaction.atomic
def profile_section_save(*, profile: ApplicantProfile, section: str, rows: list[Row], actor: "User") -> None:
    """Save one list of the profile (education, experience, languages, ...), ``section`` naming the profile's
    related list (``profile.education`` …): each row changes the entry ``pk`` (a new one where None) to
    ``values``, or deletes it where ``values`` is None. The rows are those a validated formset changed."""
    if section not in PROFILE_LISTS:
        raise ApplicationError(_("The profile has no such list."))
    _require_profile_owner(profile, actor)
    ApplicantProfile.objects.select_for_update().filter(pk=profile.pk).first()
    rows_apply(getattr(profile, section), rows)
    profile.save(update_fields=["updated_at"])
    audit_log(actor=actor, action="profile.section_saved", obj=profile, data={"section": section})
    _tell_candidate(
        profile, actor, _("a list of your profile was changed (%(section)s)") % {"section": section}
    )


def _require_profile_owner(profile: ApplicantProfile, actor: "User") -> None:
    if profile.user_id == getattr(actor, "pk", None):
        return
    # HR fills in the profile of a candidate it applies for, while that application is a draft, and
    # only the application's own copy (the held account made for it), never the profile of a person's account.
    assisted = Application.objects.filter(
        applicant_id=profile.user_id, assisted=True, status=ApplicationStatus.DRAFT
    ).select_related("position__announcement", "applicant")
    if any(selectors.hr_may_fill_in_profile(app, actor) for app in assisted):
        return
    raise NotAllowed(_("You may not change this profile."))


def profile_snapshot(profile: ApplicantProfile | None) -> dict:
    """The frozen copy of the profile kept with a submission. The self-declared community and
    disability sit apart under "equality": they serve R-27/R-28 only and never reach the committee."""
    if profile is None:
        return {}

    def rows(qs, fields):
        return [{f: _plain(getattr(obj, f)) for f in fields} for obj in qs]

    return {
        "personal": {f: _plain(getattr(profile, f)) for f in choices.PERSONAL_FIELDS},
        "equality": {"community": profile.community, "disability": profile.disability},
        "education": rows(profile.education.all(), choices.EDUCATION_FIELDS),
        "experience": rows(profile.experience.all(), choices.EXPERIENCE_FIELDS),
        "languages": rows(profile.languages.all(), choices.LANGUAGE_FIELDS),
        "qualifications": rows(profile.qualifications.all(), choices.QUALIFICATION_FIELDS),
        "computer_skills": profile.computer_skills,
        "referees": rows(profile.referees.all(), choices.REFEREE_FIELDS),
    }


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _label(name: str) -> str:
    # The field's lazy verbose name, read in the language of whoever shows the gap.
    return cast(str, cast(Field, ApplicantProfile._meta.get_field(name)).verbose_name)


def profile_facts(profile: ApplicantProfile | None) -> rules.ProfileFacts:
    if profile is None:
        return rules.ProfileFacts(personal_missing=[_label(f) for f in choices.PERSONAL_REQUIRED])
    return rules.ProfileFacts(
        personal_missing=[_label(f) for f in choices.PERSONAL_REQUIRED if not getattr(profile, f)],
        education_count=len(profile.education.all()),
        referee_count=len(profile.referees.all()),
    )
