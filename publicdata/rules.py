"""Statistical disclosure control of the public statistics: pure functions, no database.

R-28.4 makes the state of the reserved quotas public; Law No. 06/L-082 on the protection of personal data
forbids publishing what identifies a person. A breakdown (e.g. a stage's applicants by gender) is a set of
parts adding up to a total that is public anyway; so:
  1. primary suppression: a part with 0 < n < threshold is shown as "<threshold";
  2. complementary suppression: while the suppressed parts are a single cell, or add up to less than the
     threshold (so they could be told apart by subtracting from the total), the smallest part still shown is
     suppressed too;
  3. when every part is suppressed and together they still add up to less than the threshold, the total goes
     too.
Zeros are shown: a zero identifies nobody.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    value: int
    suppressed: bool

    def shown(self, threshold: int) -> str:
        return f"<{threshold}" if self.suppressed else str(self.value)

    def as_json(self) -> int | None:
        """The API's form: the number, or null when suppressed."""
        return None if self.suppressed else self.value


def primary(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def suppress(total: int, parts: list[int], threshold: int) -> tuple[Cell, list[Cell]]:
    """The total and its parts (which add up to it) after primary and complementary suppression."""
    if sum(parts) != total:
        raise ValueError("the parts must add up to the total")
    hidden = [primary(v, threshold) for v in parts]

    def exposed() -> bool:
        chosen = [v for v, h in zip(parts, hidden, strict=True) if h]
        return bool(chosen) and (len(chosen) == 1 or sum(chosen) < threshold)

    while exposed() and not all(hidden):
        # The smallest part still shown: it hides the suppressed one(s) at the least cost of information.
        index = min((i for i, h in enumerate(hidden) if not h), key=lambda i: (parts[i], i))
        hidden[index] = True
    total_hidden = primary(total, threshold) or (exposed() and all(hidden))
    return Cell(total, total_hidden), [Cell(v, h) for v, h in zip(parts, hidden, strict=True)]
