"""The regulation's rules on applications, as pure functions over plain values (no database).

Each function names what it decides and cites its article. Limits the sources leave open are
settings (DOCUMENT_MAX_BYTES, APPLICATION_MAX_BYTES, DOCUMENT_MAX_FILES_PER_REQUEST,
DRAFT_REMINDER_HOURS), read here so tests can override them.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import APPLICATION_TRANSITIONS

# in its full wording. The applicant ticks it before every submission (and HR, for an assisted
# application, confirms the candidate signed it in the consent document).
# Albanian original (R-9.3): "Të gjitha dokumentet e dorëzuara siç kërkohen nga shpallja e konkurrimit,
# kandidati, përmes aplikacionit, vetdeklaron se janë të vërteta dhe mban përgjegjësi për vërtetësinë e
# tyre. Deklarimi i rrejshëm paraqet shkak për përjashtimin nga procedura e pranimit në cilëndo fazë të
# procedurës."
R9_3_SELF_DECLARATION = _(
    "All the documents submitted as required by the announcement of the competition, the candidate, through "
    "the application, self-declares to be true and bears responsibility for their truthfulness. A false "
    "declaration is a ground for exclusion from the admission procedure at any stage of the procedure."
)

# Checklist items that are not among the position's documents.
SLOT_NOSTRIFICATION = "nostrification"
SLOT_CONSENT = "consent"


def document_slot(required_document_id: int | str) -> str:
    return f"doc-{required_document_id}"


@dataclass(frozen=True)
class ChecklistItem:
    slot: str
    name: str | dict
    required: bool
    required_document_id: int | None = None
    notes: str | dict = ""


def may_transition(current: str, target: str) -> bool:
    """The application workflow: models.APPLICATION_TRANSITIONS."""
    return target in APPLICATION_TRANSITIONS.get(current, set())


def accepting_applications(
    *, now: dt.datetime, status: str, opens_at: dt.datetime, closes_at: dt.datetime
) -> bool:
    """R-9.1.8, R-9.2.2: applications are accepted from the opening until the closing date and hour.

    The closing instant itself is late: one second after is refused, one second before accepted.
    ``now`` is the server's clock (never the browser's), taken once the announcement row is locked.
    """
    return status == "published" and opens_at <= now < closes_at


def diploma_is_foreign(*, diploma_country: str, institution_country: str) -> bool:
    # "nostrifikimin për diplomat e marra jashtë vendit": abroad = outside the institution's
    # country.
    return diploma_country != institution_country


def checklist(
    *,
    position_documents: Iterable[ChecklistItem],
    foreign_diploma: bool,
    assisted: bool,
    nostrification_name,
    consent_name,
) -> list[ChecklistItem]:
    """What the application must carry: the position's documents (R-9.1.9, R-11.2), the nostrification
    of a diploma obtained abroad (R-11.2.1), and for an application made by HR the candidate's written
    consent (R-12.1)."""
    items = list(position_documents)
    if foreign_diploma:
        items.append(ChecklistItem(slot=SLOT_NOSTRIFICATION, name=nostrification_name, required=True))
    if assisted:
        items.append(ChecklistItem(slot=SLOT_CONSENT, name=consent_name, required=True))
    return items


def missing_required(items: Iterable[ChecklistItem], present_slots: Iterable[str]) -> list[ChecklistItem]:
    """R-9.2.2: an incomplete application is rejected; the portal refuses to submit it instead."""
    present = set(present_slots)
    return [item for item in items if item.required and item.slot not in present]


@dataclass
class ProfileFacts:
    personal_missing: list[str] = field(default_factory=list)
    education_count: int = 0
    referee_count: int = 0


REFEREES_REQUIRED = 2  # "dy (2) personave referues"


def profile_gaps(facts: ProfileFacts) -> list[str | Promise]:
    """What the profile lacks for an application (R-11.1): personal data (R-11.1.2), the education
    (R-11.1.3) and two referees (R-11.1.8). Work experience may be empty (a first job)."""
    gaps: list[str | Promise] = []
    if facts.personal_missing:
        gaps.append(
            _("Personal data is incomplete: %(fields)s.")
            % {"fields": ", ".join(map(str, facts.personal_missing))}
        )
    if facts.education_count < 1:
        gaps.append(_("Add at least one degree or school to your education (R-11.1.3)."))
    if facts.referee_count < REFEREES_REQUIRED:
        gaps.append(_("Add two referees, with name, address and contact (R-11.1.8)."))
    return gaps


def place_needed(place_count: int) -> bool:
    """K23: when a position's seats are split by place, the applicant says which place."""
    return place_count > 0


def document_max_bytes() -> int:
    return settings.DOCUMENT_MAX_BYTES


def application_max_bytes() -> int:
    return settings.APPLICATION_MAX_BYTES


def files_per_request_max() -> int:
    return settings.DOCUMENT_MAX_FILES_PER_REQUEST


def application_total_within_limit(*, current_total: int, added: int) -> bool:
    return current_total + added <= application_max_bytes()


def reminder_hours() -> int:
    return settings.DRAFT_REMINDER_HOURS


def draft_reminder_due(*, now: dt.datetime, closes_at: dt.datetime) -> bool:
    """A reminder goes to a person with a draft once the deadline is within DRAFT_REMINDER_HOURS (48)."""
    return closes_at - dt.timedelta(hours=reminder_hours()) <= now < closes_at


def reference_number(*, institution_code: str, year: int, application_id: int, number: int) -> str:
    """A submission's reference: institution, year, application, submission number (e.g. KQZ-2026-000042-1).

    Not a secret (it grants no access); unique because the application id and the number are.
    """
    code = "".join(c for c in institution_code.upper() if c.isalnum()) or "APP"
    return f"{code}-{year}-{application_id:06d}-{number}"


def library_max_files() -> int:
    """How many files a person keeps in their document library (the issue leaves it open; a setting, 50 unless
    set). Each file is within DOCUMENT_MAX_BYTES, so one person's library takes at most this many times
    that."""
    return getattr(settings, "DOCUMENT_LIBRARY_MAX_FILES", 50)
