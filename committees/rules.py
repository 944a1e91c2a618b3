"""Admission committees (R-13 … R-16, F1 item 13) as pure functions over plain values: who may sit
in which seat, how the computer draws a committee, who chairs it, and the pool's validity.

The composition is data (``COMPOSITIONS``): each seat names its article, its number of places
("slots") and what a member needs to be eligible, in a small vocabulary that ``seat_predicate``
evaluates and that a published draw carries as JSON (``tools/verify_draw.py`` reads the same).

The draw (R-13.7, R-14.6, R-15.6: "through the computer system, algorithmically")
------------------------------------------------------------------------------------
Inputs, all published on the draw's public page before the result exists:

* the **snapshot**: the position (reference, category, fields of specialisation, whether only
  trained members may sit), the seats to fill, the approved pool (one entry per member with only
  what eligibility needs, under a numeric id; names appear only for those drawn), the members
  excluded and why (unavailable in the evaluation period; for a replacement, the members already
  seated and those replaced), and which seat holds the chair; ``snapshot_hash`` is the SHA-256 of
  its canonical JSON (``canonical_json``);
* two **commitments** made before the draw: HR's (the SHA-256 of a secret only HR knows) and the
  portal's (the SHA-256 of a random value it keeps until the draw). Both are published together
  with the snapshot. At the draw HR reveals its secret, the portal reveals its value, and the seed
  is ``lottery.derive_seed(hr_secret, portal_value, position_reference, snapshot_hash)``.
  Why two: HR chose its secret and knows the snapshot, so with its secret alone it could try
  secrets until one gave the committee it wanted and commit that one. It cannot predict the
  portal's value; the portal, in turn, cannot change HR's secret after the commitment, nor its own
  value after publishing its hash.

The algorithm (``COMMITTEE_ALGORITHM_VERSION``), given the snapshot and the seed:

1. one pass over the pool: each member not excluded is tested against every seat's rule, which
   gives each seat its list of eligible member ids;
2. if the seats cannot all be filled with distinct members (one member fills one seat at most),
   the draw is refused naming the seat that cannot be filled: never a partial committee;
3. seats are filled in the order of the composition: the eligible ids of the seat are put in the
   order ``lottery.shuffled(ids, lottery.derive_seed(seed, seat_key))``; each slot of the seat takes
   the first id in that order that is not already seated and whose seating still lets every
   remaining slot be filled (a bipartite matching test). When members are eligible for several
   seats this keeps the draw from painting itself into a corner; when they are not, the test always
   passes and the seat's members are simply the first of a uniform random order, so every eligible
   member has the same chance.

The chair (R-16.3 names "the chair of the committee" without saying how he or she is chosen)
--------------------------------------------------------------------------------------------
Decision, applied every time: **the chair is the member of the first slot of the first seat** of
the composition (``chair_position``): for R-13.2 and R-14.2 a middle- or lower-management civil
servant specialised in the field, for R-15.2 a civil servant of the same or a higher category,
for F1 the first member drawn. Why: (1) the chair then is always one of the senior civil servants of
the field, never the HR representative, an outside professor or a member of the responsible unit;
(2) it is decided by the same seeded, verifiable lot as the seats, with no further step anyone could
influence; (3) a replacement redraws one slot only, and the chair follows the slot: if the chair is
replaced, the member drawn for that slot chairs, and nobody else's role changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from recruitment.lib import lottery

COMMITTEE_ALGORITHM_VERSION = "committee-draw-v1"
RECORD_FORMAT = "committee-draw-record/1"

# --- Member categories (the issue: professional, lower, middle and higher management) ----------------
PROFESSIONAL = "professional"
LOWER_MANAGEMENT = "lower_management"
MIDDLE_MANAGEMENT = "middle_management"
HIGHER_MANAGEMENT = "higher_management"
# R-15.2.1 "of the same or a higher category": the order of the categories of the civil service.
CATEGORY_RANK = {PROFESSIONAL: 1, LOWER_MANAGEMENT: 2, MIDDLE_MANAGEMENT: 3, HIGHER_MANAGEMENT: 4}

# --- Compositions -----------------------------------------------------------------------------------
R13_2, R14_2, R15_2, F1 = "R-13.2", "R-14.2", "R-15.2", "F1"

# The vocabulary of a seat's "require": every key present must hold for the member.
REQUIRE_KEYS = frozenset(
    {
        "civil_servant",
        "categories",
        "category_at_least_position",
        "field",
        "hr_unit",
        "responsible_unit",
        "professor",
    }
)


@dataclass(frozen=True)
class SeatRule:
    key: str  # the article, e.g. "R-13.2.1"; also the seat's name in the draw's JSON
    count: int
    require: dict

    def as_json(self, slots: Iterable[int] | None = None) -> dict:
        require = {
            name: list(value) if isinstance(value, list) else value for name, value in self.require.items()
        }
        return {"key": self.key, "slots": list(slots or range(1, self.count + 1)), "require": require}


_MANAGEMENT_OF_THE_FIELD = {
    "civil_servant": True,
    "categories": [LOWER_MANAGEMENT, MIDDLE_MANAGEMENT],
    "field": True,
}

COMPOSITIONS: dict[str, tuple[SeatRule, ...]] = {
    # professional category.
    R13_2: (
        SeatRule(
            "R-13.2.1", 3, _MANAGEMENT_OF_THE_FIELD
        ),  # 3 middle/lower management, specialised in the field
        SeatRule("R-13.2.2", 1, {"hr_unit": True}),  # 1 representative of the HR unit (NJMBNJ)
        SeatRule("R-13.2.3", 1, {"civil_servant": True, "categories": [PROFESSIONAL], "field": True}),
    ),
    # specialist category.
    R14_2: (
        SeatRule("R-14.2.1", 3, _MANAGEMENT_OF_THE_FIELD),
        SeatRule("R-14.2.2", 1, {"hr_unit": True}),
        SeatRule("R-14.2.3", 1, {"professor": True, "field": True}),  # a professor of the same field
    ),
    # lower and middle management.
    R15_2: (
        SeatRule("R-15.2.1", 3, {"civil_servant": True, "category_at_least_position": True}),
        SeatRule("R-15.2.2", 1, {"civil_servant": True, "responsible_unit": True}),
        SeatRule("R-15.2.3", 1, {"civil_servant": True, "field": True}),  # knows the field of the vacancy
    ),
    # F1 item 13: "a committee of 3 (three) persons"; the source sets no other condition.
    F1: (SeatRule("F1.13", 3, {}),),
}

COMPOSITION_LABELS = {
    R13_2: _("Professional category (R-13.2)"),
    R14_2: _("Specialist category (R-14.2)"),
    R15_2: _("Lower and middle management (R-15.2)"),
    F1: _("Three-member committee (F1)"),
}

SEAT_LABELS = {
    "R-13.2.1": _("Civil servant of middle or lower management, specialised in the position's field"),
    "R-13.2.2": _("Representative of the HR unit"),
    "R-13.2.3": _("Professional-category civil servant of the position's field"),
    "R-14.2.1": _("Civil servant of middle or lower management, specialised in the position's field"),
    "R-14.2.2": _("Representative of the HR unit"),
    "R-14.2.3": _("Professor of the position's field"),
    "R-15.2.1": _("Existing civil servant of the same or a higher category"),
    "R-15.2.2": _("Civil servant of the responsible unit"),
    "R-15.2.3": _("Civil servant who knows the field of the vacant position"),
    "F1.13": _("Member of the evaluation committee"),
}

_DEFAULT_COMPOSITION = {
    "professional": R13_2,
    "specialist": R14_2,
    "lower_management": R15_2,
    "middle_management": R15_2,
}


def composition_for_position(category: str, scoring_scheme: str) -> str | None:
    """Which table of seats applies to a position; None when the sources name none (non-permanent,
    other), and HR must then choose one explicitly. F1's scheme marks the Albanian 3-member case."""
    if scoring_scheme == "f1":
        return F1
    return _DEFAULT_COMPOSITION.get(category)


# The rule sets an announcement is issued under (vacancies.models.RuleSet values; rules import no models).
RULE_SET_01_2024, RULE_SET_03_2017, RULE_SET_ALBANIA = "kqz-01-2024", "kqz-03-2017", "al-civil-service"


def lawful_compositions(rule_set: str, category: str) -> tuple[set[str] | None, str]:
    """Which compositions the law allows for a position, and the article that says so.

    Under regulation 01/2024 the category decides the seats: R-13.2 (professional), R-14.2 (specialist),
    R-15.2 (lower and middle management); a category it does not evaluate has none. F1 item 13: a committee of
    three. The repealed 03/2017 (K23) is not among the sources: any composition HR chooses (None)."""
    if rule_set == RULE_SET_01_2024:
        composition = _DEFAULT_COMPOSITION.get(category)
        return ({composition} if composition else set()), (composition or "R-13.2, R-14.2, R-15.2")
    if rule_set == RULE_SET_ALBANIA:
        return {F1}, "F1 item 13"
    return None, ""


def composition_problems(*, rule_set: str, category: str, composition: str) -> list[str]:
    """Why ``composition`` is unlawful for the position (empty: lawful), each message naming its article."""
    lawful, article = lawful_compositions(rule_set, category)
    if lawful is None or composition in lawful:
        return []
    if not lawful:
        return [
            _("%(article)s: regulation 01/2024 names no committee for this category of position.")
            % {"article": article}
        ]
    return [
        _("%(article)s: the committee of this position is composed under %(lawful)s, not %(composition)s.")
        % {"article": article, "lawful": ", ".join(sorted(lawful)), "composition": composition or "—"}
    ]


def seats_of(composition: str) -> list[dict]:
    return [seat.as_json() for seat in COMPOSITIONS[composition]]


def chair_position(composition: str) -> tuple[str, int]:
    """R-16.3, decided in this module's docstring: the first slot of the first seat chairs."""
    return COMPOSITIONS[composition][0].key, 1


def appointed_by_leader(composition: str) -> bool:
    # a management committee is appointed by the highest administrative leader;
    # the others by the HR unit that drew them.
    return composition == R15_2


# --- Eligibility ----------------------------------------------------------------------------------------


def in_responsible_unit(member_unit: str, responsible_unit: str) -> bool:
    """R-15.2.2: the member works in the unit responsible for the position (names compared without
    regard to case or spacing; an empty name matches nothing)."""

    def norm(text):
        return " ".join((text or "").split()).casefold()

    return bool(norm(responsible_unit)) and norm(member_unit) == norm(responsible_unit)


def seat_predicate(require: dict, position: dict) -> Callable[[dict], bool]:
    """The test of one seat, compiled once per draw so the pass over a large pool stays fast.

    ``position`` carries ``category``, ``fields`` and ``require_trained`` (R-13.8, chosen by HR);
    a member carries ``civil_servant``, ``category``, ``fields``, ``hr_unit``, ``responsible_unit``,
    ``professor`` and ``trained``.
    """
    unknown = set(require) - REQUIRE_KEYS
    if unknown:
        raise ValueError(f"Unknown seat condition(s): {', '.join(sorted(unknown))}")
    need_civil_servant = bool(require.get("civil_servant"))
    categories = frozenset(require["categories"]) if "categories" in require else None
    min_rank = None
    if require.get("category_at_least_position"):
        # serves management positions; a position of another category gets a rank nobody
        # reaches (nobody eligible, so a clear refusal) rather than one everybody reaches.
        min_rank = CATEGORY_RANK.get(position.get("category") or "", 99)
    fields = frozenset(position.get("fields") or ()) if require.get("field") else None
    need_hr = bool(require.get("hr_unit"))
    need_unit = bool(require.get("responsible_unit"))
    need_professor = bool(require.get("professor"))
    need_trained = bool(position.get("require_trained"))

    def eligible(m: dict) -> bool:
        if need_civil_servant and not m["civil_servant"]:
            return False
        if categories is not None and m["category"] not in categories:
            return False
        if min_rank is not None and CATEGORY_RANK.get(m["category"], 0) < min_rank:
            return False
        if need_hr and not m["hr_unit"]:
            return False
        if need_unit and not m["responsible_unit"]:
            return False
        if need_professor and not m["professor"]:
            return False
        if need_trained and not m["trained"]:
            return False
        if fields is not None and fields.isdisjoint(m["fields"]):
            return False
        return True

    return eligible


# --- The draw ---------------------------------------------------------------------------------------------


class SeatCannotBeFilled(ValueError):
    """Too few eligible members for a seat: the draw is refused as a whole."""

    def __init__(self, seat: str, needed: int, eligible: int, shared: bool):
        self.seat, self.needed, self.eligible, self.shared = seat, needed, eligible, shared
        if shared:
            text = (
                f"Seat {seat} cannot be filled: its {eligible} eligible member(s) are also the only ones "
                f"for other seats, and a member fills one seat at most."
            )
        else:
            text = f"Seat {seat} needs {needed} member(s); only {eligible} eligible and available."
        super().__init__(text)


def _unfilled(demands: list[int], eligible: list[list[str]], taken: set[str]) -> list[int]:
    """Slots (as seat indexes) that a maximum matching of slots to distinct free members leaves empty.

    Each slot only needs to look at ``len(demands)`` of its seat's free members: if a seat has that
    many, whatever the other slots take, one is left for it (Hall), so the test is small and exact.
    """
    size = len(demands)
    options: dict[int, list[str]] = {}
    for seat in set(demands):
        free = []
        for member in eligible[seat]:
            if member not in taken:
                free.append(member)
                if len(free) == size:
                    break
        options[seat] = free
    holder: dict[str, int] = {}

    def place(slot: int, seen: set[str]) -> bool:
        for member in options[demands[slot]]:
            if member not in seen:
                seen.add(member)
                if member not in holder or place(holder[member], seen):
                    holder[member] = slot
                    return True
        return False

    return [demands[slot] for slot in range(size) if not place(slot, set())]


def eligible_by_seat(snapshot: dict) -> list[list[str]]:
    """Step 1: one pass over the pool, every seat's eligible ids (pool order, excluded ones left out)."""
    position = snapshot["position"]
    seats = snapshot["seats"]
    excluded = {entry["member"] for entry in snapshot["excluded"]}
    tests = [seat_predicate(seat["require"], position) for seat in seats]
    eligible: list[list[str]] = [[] for _ in seats]
    pairs = list(zip(tests, eligible, strict=True))
    for member in snapshot["pool"]:
        if member["id"] in excluded:
            continue
        for test, ids in pairs:
            if test(member):
                ids.append(member["id"])
    return eligible


def _check_fillable(seats: list[dict], eligible: list[list[str]]) -> list[int]:
    """Step 2: raise SeatCannotBeFilled unless every slot can get its own member; return the slots'
    seat indexes in order."""
    for seat, ids in zip(seats, eligible, strict=True):  # the plain shortage first: the clearer message
        if len(ids) < len(seat["slots"]):
            raise SeatCannotBeFilled(seat["key"], len(seat["slots"]), len(ids), shared=False)
    demands = [index for index, seat in enumerate(seats) for _ in seat["slots"]]
    unfilled = _unfilled(demands, eligible, set())
    if unfilled:
        seat = seats[unfilled[0]]
        raise SeatCannotBeFilled(seat["key"], len(seat["slots"]), len(eligible[unfilled[0]]), shared=True)
    return demands


def check_fillable(snapshot: dict) -> None:
    """Whether a draw from this snapshot can succeed; it does not depend on the seed, so it is checked
    when the draw is announced, before anyone commits to anything."""
    _check_fillable(snapshot["seats"], eligible_by_seat(snapshot))


def draw_committee(snapshot: dict, seed: str) -> list[dict]:
    """The committee drawn from ``snapshot`` with ``seed``: ``[{"seat", "slot", "member"}, ...]`` in
    the order of the seats. Raises SeatCannotBeFilled (and draws nothing) when a seat cannot be filled."""
    seats = snapshot["seats"]
    eligible = eligible_by_seat(snapshot)
    demands = _check_fillable(seats, eligible)
    result: list[dict] = []
    taken: set[str] = set()
    position_in_demands = 0
    for index, seat in enumerate(seats):  # step 3
        order = lottery.shuffled(eligible[index], lottery.derive_seed(seed, seat["key"]))
        cursor = 0
        for slot in seat["slots"]:
            position_in_demands += 1
            rest = demands[position_in_demands:]
            while True:
                candidate = order[cursor]
                cursor += 1
                if candidate in taken:
                    continue
                if not rest or not _unfilled(rest, eligible, taken | {candidate}):
                    break
            taken.add(candidate)
            result.append({"seat": seat["key"], "slot": slot, "member": candidate})
    return result


def chair_of(result: list[dict], chair_seat: dict) -> str | None:
    """The member in the chair's slot, if this draw filled it (a replacement may not have)."""
    for entry in result:
        if entry["seat"] == chair_seat["seat"] and entry["slot"] == chair_seat["slot"]:
            return entry["member"]
    return None


# --- Seed, commitments, hashes ---------------------------------------------------------------------------


def canonical_json(value) -> bytes:
    """The bytes every hash of this module is taken over: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def commitment_of(secret: str) -> str:
    """The commitment published before the draw: the SHA-256 (hex) of the secret's UTF-8 bytes."""
    return sha256_hex(secret)


def is_commitment(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def snapshot_hash(snapshot: dict) -> str:
    return sha256_hex(canonical_json(snapshot))


def draw_seed(*, secret: str, portal_value: str, position_reference: str, snapshot_digest: str) -> str:
    return lottery.derive_seed(secret, portal_value, position_reference, snapshot_digest)


def seats_match_composition(composition: str, seats: list[dict]) -> bool:
    """The seats of a draw are those of its composition (a replacement: one seat, with the slot redrawn)."""
    rules = {seat.key: seat for seat in COMPOSITIONS.get(composition, ())}
    for seat in seats:
        rule = rules.get(seat["key"])
        if rule is None or seat["require"] != rule.require:
            return False
        if not seat["slots"] or not set(seat["slots"]) <= set(range(1, rule.count + 1)):
            return False
    return bool(seats)


def verify_record(record: dict) -> list[str]:
    """Recompute a published draw from its own JSON; the problems found (empty: it checks out)."""
    problems = []
    if record.get("format") != RECORD_FORMAT:
        return [f"Unknown record format {record.get('format')!r}."]
    versions = record.get("algorithm") or {}
    if (
        versions.get("committee") != COMMITTEE_ALGORITHM_VERSION
        or versions.get("lottery") != lottery.ALGORITHM_VERSION
    ):
        return [
            f"The draw was made with {versions}; this program implements "
            f"{COMMITTEE_ALGORITHM_VERSION} and {lottery.ALGORITHM_VERSION}."
        ]
    if record.get("secret") is None:
        return ["The draw has not taken place yet: the secrets are revealed at the draw."]
    snapshot = record["snapshot"]
    if commitment_of(record["secret"]) != record["commitment"]:
        problems.append("HR's secret does not match the commitment published before the draw.")
    if commitment_of(record["portal_value"]) != record["portal_commitment"]:
        problems.append("The portal's value does not match its commitment published before the draw.")
    digest = snapshot_hash(snapshot)
    if digest != record["snapshot_hash"]:
        problems.append("The snapshot (pool, exclusions, seats, position) does not match its published hash.")
    if not seats_match_composition(record.get("composition", ""), snapshot["seats"]):
        problems.append(f"The seats are not those of composition {record.get('composition')!r}.")
    seed = draw_seed(
        secret=record["secret"],
        portal_value=record["portal_value"],
        position_reference=snapshot["position"]["reference"],
        snapshot_digest=digest,
    )
    if seed != record["seed"]:
        problems.append("The seed is not the one derived from the published inputs.")
    try:
        expected = draw_committee(snapshot, seed)
    except SeatCannotBeFilled as exc:
        problems.append(f"The inputs cannot give a committee: {exc}")
        return problems
    got = [{"seat": e["seat"], "slot": e["slot"], "member": e["member"]} for e in record.get("result", [])]
    if got != expected:
        problems.append("The published committee is not the one the inputs give.")
    if record.get("chair") != chair_of(expected, snapshot["chair_seat"]):
        problems.append("The chair is not the member of the chair's slot.")
    return problems


# --- The pool of potential members (R-13.4, R-13.5) -------------------------------------------------------

POOL_VALIDITY_YEARS = 2  # valid for two (2) years, renewable
POOL_EXPIRY_WARNINGS_DAYS = (60, 14)  # HR is told 60 and 14 days before the list expires


def pool_valid_until(approved_on: dt.date) -> dt.date:
    """R-13.5: the last day of validity, the day before the second anniversary of the approval
    (a list approved on 29 February runs to 28 February)."""
    year = approved_on.year + POOL_VALIDITY_YEARS
    try:
        anniversary = approved_on.replace(year=year)
    except ValueError:  # 29 February
        anniversary = dt.date(year, 3, 1)
    return anniversary - dt.timedelta(days=1)


def pool_is_valid_on(approved_on: dt.date, valid_until: dt.date, day: dt.date) -> bool:
    # a draw uses only a list in force on the day of the draw.
    return approved_on <= day <= valid_until


def pool_expiry_warning(valid_until: dt.date, today: dt.date) -> int | None:
    """The warning due today (60 or 14, the days before expiry it stands for), or None."""
    days_left = (valid_until - today).days
    if days_left < 0:
        return None
    due = [stage for stage in POOL_EXPIRY_WARNINGS_DAYS if days_left <= stage]
    return min(due) if due else None


def unavailable_during(periods: Iterable[tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> bool:
    """R-13.6: a member away for any day of the evaluation period is not drawn."""
    return any(p_start <= end and start <= p_end for p_start, p_end in periods)


# --- Conflicts of interest, observers, compensation ---------------------------------------------------------


def candidate_list_digest(names_text: str) -> str:
    """The identity of a candidate list a member declared against: one name a line, spacing ignored."""
    lines = [" ".join(line.split()) for line in (names_text or "").splitlines()]
    return sha256_hex("\n".join(line for line in lines if line))


def may_see_candidates(declarations: Iterable[tuple[str, bool]], current_list_digest: str) -> bool:
    """A member sees candidates' data only after declaring no conflict of interest for the current
    list. ``declarations`` are (list digest, has_conflict) pairs of the member on this committee."""
    return any(digest == current_list_digest and not conflict for digest, conflict in declarations)


def observer_notice_in_time(today: dt.date, sitting_day: dt.date | None) -> bool:
    """R-16.3: participation rests on a *prior* notice ("njoftim paraprak").

    Decision: prior to the sitting the observer will attend, not only to the evaluation's first day: a notice
    given on day 3 of the evaluation for the interviews of day 5 is in time; one for a sitting of today is not
    (HR and the chair must be able to act on it the day before). ``sitting_day``: the day the observer names,
    or the evaluation's first day for a notice for every sitting; None where no day is set yet (in time)."""
    return sitting_day is None or today < sitting_day


def observer_day_in_period(
    day: dt.date | None, evaluation_from: dt.date | None, evaluation_until: dt.date | None
) -> bool:
    """The day an observer names falls within the committee's evaluation period, where one is set."""
    if day is None:
        return True
    return (evaluation_from is None or day >= evaluation_from) and (
        evaluation_until is None or day <= evaluation_until
    )


def compensation_fee(*, is_civil_servant: bool, composition: str, fee_eur: int | Decimal) -> Decimal | None:
    """R-14.7: a member who is not a civil servant is paid a fixed fee per recruitment procedure.

    Decision: it applies on every committee drawn under regulation 01/2024 (R-13.2, R-14.2, R-15.2;
    R-14.7 speaks of "the member who is not a civil servant" without limiting it to specialists),
    not under F1, whose source sets no fee.
    """
    if is_civil_servant or composition == F1:
        return None
    return Decimal(fee_eur)


# Why a member of the pool is left out of a draw; published with the draw (no details).
EXCLUDED_UNAVAILABLE = "unavailable"  # away during the evaluation period
EXCLUDED_SEATED = "seated"  # already on this committee (a replacement)
EXCLUDED_REPLACED = "replaced"  # replaced on this committee before, whatever the reason
