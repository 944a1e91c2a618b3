#!/usr/bin/env python3
"""Check a published committee draw: recompute the committee from the draw's own JSON.

    python3 tools/verify_draw.py draw-12.json        (or "-" to read the JSON from standard input)

Python's standard library only. Download the JSON from the draw's public page ("Download the draw").
The script needs the portal's lottery, ``recruitment/lib/lottery.py`` (also standard library only),
which it loads from the repository it sits in, or from the same folder as this script.

What it checks, independently of the portal's code (the lottery apart):
1. HR's secret and the portal's value, revealed at the draw, match the SHA-256 commitments published
   when the draw was announced;
2. the snapshot (position, seats, pool, exclusions, chair's seat) matches its published SHA-256;
3. the seed is ``derive_seed(secret, portal value, position reference, snapshot hash)``;
4. drawing with that seed gives exactly the published members, seat by seat, and the chair.
The rules each seat applies are read from the snapshot; the portal's page names their articles
(R-13.2, R-14.2, R-15.2, F1 item 13). Exit status: 0 verified, 1 not verified, 2 unreadable input.
"""

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

RECORD_FORMAT = "committee-draw-record/1"
COMMITTEE_ALGORITHM = "committee-draw-v1"
RANK = {"professional": 1, "lower_management": 2, "middle_management": 3, "higher_management": 4}


def load_lottery():
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "recruitment" / "lib" / "lottery.py", here / "lottery.py"):
        if candidate.is_file():
            spec = importlib.util.spec_from_file_location("portal_lottery", candidate)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    sys.exit(
        "lottery.py not found: keep this script in the portal's repository, or put lottery.py beside it."
    )


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def may_sit(member, require, position):
    """Every condition the seat names must hold for the member."""
    known = {
        "civil_servant",
        "categories",
        "category_at_least_position",
        "field",
        "hr_unit",
        "responsible_unit",
        "professor",
    }
    if set(require) - known:
        raise ValueError(f"unknown seat condition(s) {sorted(set(require) - known)}")
    if require.get("civil_servant") and not member["civil_servant"]:
        return False
    if "categories" in require and member["category"] not in require["categories"]:
        return False
    if require.get("category_at_least_position"):
        if RANK.get(member["category"], 0) < RANK.get(position["category"], 99):
            return False
    for flag in ("hr_unit", "responsible_unit", "professor"):
        if require.get(flag) and not member[flag]:
            return False
    if require.get("field") and not set(member["fields"]) & set(position["fields"]):
        return False
    if position.get("require_trained") and not member["trained"]:
        return False
    return True


def can_fill(slot_seats, eligible, taken):
    """True when every slot (given by its seat's index) can get its own member not in ``taken``:
    augmenting paths over the full candidate lists (slow and simple: small committees)."""
    holder = {}

    def place(slot, seen):
        for member in eligible[slot_seats[slot]]:
            if member not in taken and member not in seen:
                seen.add(member)
                if member not in holder or place(holder[member], seen):
                    holder[member] = slot
                    return True
        return False

    return all(place(slot, set()) for slot in range(len(slot_seats)))


def draw(snapshot, seed, lottery):
    position, seats = snapshot["position"], snapshot["seats"]
    out = {entry["member"] for entry in snapshot["excluded"]}
    eligible = [
        [m["id"] for m in snapshot["pool"] if m["id"] not in out and may_sit(m, seat["require"], position)]
        for seat in seats
    ]
    slot_seats = [index for index, seat in enumerate(seats) for _slot in seat["slots"]]
    if not can_fill(slot_seats, eligible, set()):
        raise ValueError("the seats cannot all be filled from this pool")
    result, taken, done = [], set(), 0
    for index, seat in enumerate(seats):
        order = lottery.shuffled(eligible[index], lottery.derive_seed(seed, seat["key"]))
        for slot in seat["slots"]:
            done += 1
            for member in order:
                if member not in taken and can_fill(slot_seats[done:], eligible, taken | {member}):
                    break
            taken.add(member)
            result.append({"seat": seat["key"], "slot": slot, "member": member})
    return result


def verify(record, lottery):
    if record.get("format") != RECORD_FORMAT:
        return [f"unknown record format {record.get('format')!r}"]
    algorithm = record.get("algorithm") or {}
    if (
        algorithm.get("committee") != COMMITTEE_ALGORITHM
        or algorithm.get("lottery") != lottery.ALGORITHM_VERSION
    ):
        return [
            f"made with {algorithm}, this script checks {COMMITTEE_ALGORITHM} and {lottery.ALGORITHM_VERSION}"
        ]
    if record.get("secret") is None:
        return ["the draw has not taken place yet (no secret revealed)"]
    problems = []
    snapshot = record["snapshot"]
    if sha256(record["secret"]) != record["commitment"]:
        problems.append("HR's secret does not match its commitment")
    if sha256(record["portal_value"]) != record["portal_commitment"]:
        problems.append("the portal's value does not match its commitment")
    digest = sha256(canonical(snapshot))
    if digest != record["snapshot_hash"]:
        problems.append("the snapshot does not match its published hash")
    seed = lottery.derive_seed(
        record["secret"], record["portal_value"], snapshot["position"]["reference"], digest
    )
    if seed != record["seed"]:
        problems.append("the seed is not derived from the published inputs")
    try:
        expected = draw(snapshot, seed, lottery)
    except ValueError as exc:
        return problems + [str(exc)]
    published = [{"seat": e["seat"], "slot": e["slot"], "member": e["member"]} for e in record["result"]]
    if published != expected:
        problems.append("the published committee is not the one these inputs give")
    chair = next(
        (
            e["member"]
            for e in expected
            if e["seat"] == snapshot["chair_seat"]["seat"] and e["slot"] == snapshot["chair_seat"]["slot"]
        ),
        None,
    )
    if record.get("chair") != chair:
        problems.append("the chair is not the member of the chair's seat")
    return problems


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        text = sys.stdin.read() if argv[1] == "-" else Path(argv[1]).read_text(encoding="utf-8")
        record = json.loads(text)
    except (OSError, ValueError) as exc:
        print(f"Cannot read the draw: {exc}", file=sys.stderr)
        return 2
    try:
        problems = verify(record, load_lottery())
    except (KeyError, TypeError) as exc:
        problems = [f"the record lacks or garbles {exc}"]
    label = f"draw {record.get('draw')} ({record.get('position_reference')})"
    if problems:
        print(f"NOT VERIFIED: {label}")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(f"VERIFIED: {label}: the published committee follows from the published inputs.")
    names = {e["member"]: e.get("name", "") for e in record["result"]}
    for entry in record["result"]:
        chair = "  (chair)" if entry["member"] == record.get("chair") else ""
        print(
            f"  {entry['seat']} place {entry['slot']}: {names[entry['member']]} [#{entry['member']}]{chair}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
