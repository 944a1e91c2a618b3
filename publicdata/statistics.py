"""Transparency statistics (read side): per procedure (a position) and per institution and year, how many
applied, were verified, shortlisted, sat, qualified and were appointed, by gender and by community (R-27.1.3,
R-28.4), with small counts suppressed (rules.py).

Nothing is told before the page that tells it: applications once the position is finally closed (R-12.3), the
verification once the shortlist is published (R-18.4), sitting and qualifying once the results are (R-25.2).
Appointments (R-26) are not recorded by the portal yet: the stage is listed as "not recorded".

Gender and community are what the applicant declared in the frozen copy of their submission (``equality`` is
kept apart for R-27/R-28 and never reaches a committee); they are only ever shown counted and suppressed.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationStatus, Community
from scoring import rules as scoring_rules
from scoring.models import EvaluationResult, Representation
from vacancies.models import AnnouncementStatus, Category, ClosingState, Institution, Position
from verification.models import Decision, Review, Shortlist

from . import rules

STAGES = [
    ("applications", _("Applications")),
    ("verified", _("Files verified (R-18)")),
    ("shortlisted", _("Shortlisted (R-18.4)")),
    ("sat", _("Took part in the evaluation")),
    ("qualified", _("Qualified (R-25.2)")),
    ("appointed", _("Appointed (R-26)")),
]
GENDERS = [("female", _("Women")), ("male", _("Men")), ("", _("Gender not declared"))]
COMMUNITIES = [
    ("non_majority", _("Non-majority communities")),
    ("majority", _("Majority community")),
    ("", _("Community not declared")),
]
# The stages the portal does not record yet (the after-results apps, R-26 … R-31).
NOT_RECORDED = {"appointed"}


# The years a statistics page or the API may be asked for (a bigger number overflowed the date lookup: a 500).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_year(text: str | None, *, default: int) -> int:
    """The year asked for, or ``default`` when none; ValueError when it is not a year the portal can have."""
    year = int(text) if text else default
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year must be between {FIRST_YEAR} and {LAST_YEAR}")
    return year


def threshold() -> int:
    return settings.PUBLIC_STATISTICS_MIN_COUNT


def _community_group(value: str) -> str:
    if not value:
        return ""
    return "majority" if value == Community.ALBANIAN else "non_majority"


def _gender_group(value: str) -> str:
    return value if value in ("female", "male") else ""


@dataclass
class StageCount:
    """One stage of one procedure (or a sum of procedures): the total and its two breakdowns, suppressed."""

    key: str
    label: str
    recorded: bool
    total: rules.Cell | None = None
    gender: list[rules.Cell] = field(default_factory=list)
    community: list[rules.Cell] = field(default_factory=list)

    def as_json(self) -> dict:
        if not self.recorded:
            return {
                "stage": self.key,
                "recorded": False,
                "total": None,
                "by_gender": None,
                "by_community": None,
            }
        return {
            "stage": self.key,
            "recorded": True,
            "total": self.total.as_json(),
            "by_gender": {
                key or "not_declared": c.as_json() for (key, _l), c in zip(GENDERS, self.gender, strict=True)
            },
            "by_community": {
                key or "not_declared": c.as_json()
                for (key, _l), c in zip(COMMUNITIES, self.community, strict=True)
            },
        }


def _stage(key, label, members: list[tuple[str, str]] | None) -> StageCount:
    """members: (gender group, community group) of each person at the stage; None when not told (yet)."""
    if members is None:
        return StageCount(key, label, recorded=False)
    t = threshold()
    genders = Counter(g for g, _c in members)
    communities = Counter(c for _g, c in members)
    total, gender_cells = rules.suppress(len(members), [genders[k] for k, _l in GENDERS], t)
    _total, community_cells = rules.suppress(len(members), [communities[k] for k, _l in COMMUNITIES], t)
    return StageCount(key, str(label), True, total, gender_cells, community_cells)


def public_positions(*, year: int | None = None, institution: str = ""):
    qs = Position.objects.filter(
        announcement__status__in=[AnnouncementStatus.PUBLISHED, AnnouncementStatus.CLOSED]
    )
    if year:
        qs = qs.filter(announcement__published_at__year=year)
    if institution:
        qs = qs.filter(announcement__institution__short_name=institution)
    return qs.select_related("announcement__institution").order_by(
        "announcement__published_at", "announcement_id", "order", "id"
    )


def _members_by_position(positions: list[Position]) -> dict[int, dict[str, list | None]]:
    """For each position, each stage's people as (gender, community) groups; None for a stage not told yet.
    Five queries whatever the number of positions."""
    ids = [p.pk for p in positions]
    closed = {p.pk for p in positions if p.closing_state == ClosingState.CLOSED}
    people: dict[int, tuple[str, str]] = {}
    applied: dict[int, list[int]] = defaultdict(list)
    for position_id, app_id, gender, community in Application.objects.filter(
        position_id__in=closed, status=ApplicationStatus.SUBMITTED
    ).values_list(
        "position_id",
        "id",
        "last_submission__profile_snapshot__personal__gender",
        "last_submission__profile_snapshot__equality__community",
    ):
        people[app_id] = (_gender_group(gender or ""), _community_group(community or ""))
        applied[position_id].append(app_id)
    published = set(Shortlist.objects.filter(position_id__in=ids).values_list("position_id", flat=True))
    verified: dict[int, list[int]] = defaultdict(list)
    shortlisted: dict[int, list[int]] = defaultdict(list)
    for position_id, app_id, decision in (
        Review.objects.filter(position_id__in=published)
        .exclude(decision=Decision.UNDECIDED)
        .values_list("position_id", "application_id", "decision")
    ):
        verified[position_id].append(app_id)
        if decision == Decision.ELIGIBLE:
            shortlisted[position_id].append(app_id)
    sat: dict[int, list[int]] = defaultdict(list)
    qualified: dict[int, list[int]] = defaultdict(list)
    results = set()
    for position_id, rows in EvaluationResult.objects.filter(
        evaluation__position_id__in=ids, published_at__isnull=False
    ).values_list("evaluation__position_id", "rows"):
        results.add(position_id)
        for row in rows:
            if row.get("rank") is not None:  # absent candidates are not ranked (scoring/results.py)
                sat[position_id].append(row["application_id"])
                if row.get("qualified"):
                    qualified[position_id].append(row["application_id"])
    missing = {i for group in (verified, sat) for apps in group.values() for i in apps} - set(people)
    for app_id, gender, community in Application.objects.filter(pk__in=missing).values_list(
        "id",
        "last_submission__profile_snapshot__personal__gender",
        "last_submission__profile_snapshot__equality__community",
    ):
        people[app_id] = (_gender_group(gender or ""), _community_group(community or ""))

    def groups(app_ids):
        return [people.get(i, ("", "")) for i in app_ids]

    return {
        pid: {
            "applications": groups(applied[pid]) if pid in closed else None,
            "verified": groups(verified[pid]) if pid in published else None,
            "shortlisted": groups(shortlisted[pid]) if pid in published else None,
            "sat": groups(sat[pid]) if pid in results else None,
            "qualified": groups(qualified[pid]) if pid in results else None,
            "appointed": None,
        }
        for pid in ids
    }


def _stages(members: dict[str, list | None]) -> list[StageCount]:
    return [_stage(key, label, members.get(key)) for key, label in STAGES]


def procedure_statistics(positions) -> list[dict]:
    positions = list(positions)
    members = _members_by_position(positions)
    return [{"position": p, "stages": _stages(members[p.pk]), "members": members[p.pk]} for p in positions]


def institution_year_statistics(*, year: int, institution: str = "") -> list[dict]:
    """Per institution, the year's procedures summed stage by stage (a stage counts the procedures that told
    it), then suppressed as a whole; with the procedures themselves and the R-28.4 quota figures."""
    procedures = procedure_statistics(public_positions(year=year, institution=institution))
    by_institution: dict[int, dict] = {}
    for row in procedures:
        inst = row["position"].announcement.institution
        entry = by_institution.setdefault(
            inst.pk, {"institution": inst, "procedures": [], "members": defaultdict(list), "told": set()}
        )
        entry["procedures"].append(row)
        for key, people in row["members"].items():
            if people is not None:
                entry["members"][key].extend(people)
                entry["told"].add(key)
    quotas = quota_statistics(year=year, institution_ids=list(by_institution))
    return [
        {
            "institution": entry["institution"],
            "procedures": entry["procedures"],
            "stages": _stages({k: entry["members"][k] if k in entry["told"] else None for k, _l in STAGES}),
            "quotas": quotas.get(pk, []),
        }
        for pk, entry in sorted(by_institution.items(), key=lambda item: item[1]["institution"].short_name)
    ]


def quota_statistics(*, year: int, institution_ids: list[int]) -> dict[int, list[dict]]:
    """R-28.4: the state of the reserved quota for non-majority communities (R-28.1, at least 10 %), per
    category, as HR declared its staff for the year (scoring's Representation, read only), with the share
    hidden when the count is."""
    out: dict[int, list[dict]] = defaultdict(list)
    t = threshold()
    for item in Representation.objects.filter(institution_id__in=institution_ids, year=year).order_by(
        "category"
    ):
        _total, (non_majority, _rest) = rules.suppress(
            item.staff, [item.non_majority, item.staff - item.non_majority], t
        )
        share = scoring_rules.exact(item.non_majority) / item.staff if item.staff else None
        out[item.institution_id].append(
            {
                "category": item.category,
                "category_label": Category(item.category).label
                if item.category in Category.values
                else item.category,
                "staff": item.staff,
                "non_majority": non_majority,
                "share": ""
                if non_majority.suppressed or share is None
                else scoring_rules.format_points(share * 100),
                "below_quota": scoring_rules.below_quota(share, scoring_rules.NON_MAJORITY_QUOTA),
            }
        )
    return out


def statistics_years() -> list[int]:
    dates = (
        Position.objects.filter(
            announcement__status__in=[AnnouncementStatus.PUBLISHED, AnnouncementStatus.CLOSED]
        )
        .exclude(announcement__published_at=None)
        .dates("announcement__published_at", "year", order="DESC")
    )
    return [d.year for d in dates]


def institutions_with_procedures() -> list[Institution]:
    return list(
        Institution.objects.filter(
            Q(announcements__status=AnnouncementStatus.PUBLISHED)
            | Q(announcements__status=AnnouncementStatus.CLOSED)
        )
        .distinct()
        .order_by("short_name")
    )
