"""The final verification and the appointment (R-29, R-30) as pure functions over plain values (no database).

R-29.1: "NJMBNJ, pas marrjes së pëlqimit me shkrim ... bën verifikimin përfundimtar para emërimit".
R-29.2: it covers (2.1) the documents submitted in copy, (2.2) full legal capacity and fitness for the duty
(Law, art. 9.1.2, 9.1.4), (2.3) that the other conditions of art. 9 of the Law are still met.
R-29.3: the candidate presents the documents "në origjinal apo të njësuara me origjinalin".
R-29.4: "Nëse vlerësimi rezulton negativ, NJMBNJ ... vendos përjashtimin e kandidatit nga lista e kandidatëve
fitues." R-30.2: "... duhet të paraqitet pranë KQZ, jo më vonë se katërmëdhjetë (14) ditë nga data e marrjes
së aktit. Ky afat mund të zgjatet me kërkesë të kandidatit, për shkaqe të arsyeshme dhe me pajtimin e KQZ deri
në një (1) muaj, duke përfshirë afatin fillestar."
R-30.3: not reported within the deadline → "shfuqizimin e aktit administrativ të emërimit" (the act is
revoked).
"""

import calendar
import datetime as dt
from collections.abc import Iterable

from .choices import CheckResult, VerificationState

# "jo më vonë se katërmëdhjetë (14) ditë nga data e marrjes së aktit".
REPORT_DAYS = 14
# "deri në një (1) muaj, duke përfshirë afatin fillestar": one calendar month from the act, in all.
EXTENSION_MONTHS = 1


# --- the final verification ------------------------------------------------------------------------


def r29_verification_result(results: Iterable[str]) -> str:
    """R-29.4: any original that differs (or condition not met) makes the result negative, at once; every row
    matching makes it positive; otherwise it is still open. No rows at all is open (there is always
    R-29.2.2)."""
    results = list(results)
    if CheckResult.DIFFERS in results:
        return VerificationState.NEGATIVE
    if results and all(result == CheckResult.MATCHES for result in results):
        return VerificationState.POSITIVE
    return VerificationState.OPEN


def r29_check_problems(*, result: str, reason: str) -> list[str]:
    """Why one row's result cannot be recorded: a difference is reasoned (R-29.4 is a decision on the
    candidate)."""
    if result not in (CheckResult.MATCHES, CheckResult.DIFFERS):
        return ["unknown_result"]
    if result == CheckResult.DIFFERS and not reason.strip():
        return ["reason_required"]
    return []


def r29_1_may_verify(winner_consented: bool) -> bool:
    """R-29.1: the final verification follows the winner's written consent to the chosen post."""
    return bool(winner_consented)


# --- the appointment and its reporting clock -------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later, or the month's last day when it has none (31 Jan → 28
    Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def r30_2_report_by(act_received_on: dt.date) -> dt.date:
    """R-30.2: the last day to report: 14 days after the day the act was received (that day itself still in
    time)."""
    return act_received_on + dt.timedelta(days=REPORT_DAYS)


def r30_2_report_by_max(act_received_on: dt.date) -> dt.date:
    """R-30.2: the latest an extension may reach: one month from the act, the first 14 days included."""
    return add_months(act_received_on, EXTENSION_MONTHS)


def r30_2_reported_in_time(*, reported_on: dt.date, act_received_on: dt.date, report_by: dt.date) -> bool:
    """R-30.2: reporting counts from the act's day up to and including the (possibly extended) last day."""
    return act_received_on <= reported_on <= report_by


def r30_2_may_request_extension(*, today: dt.date, report_by: dt.date, already_requested: bool) -> bool:
    """R-30.2: the appointee asks before the deadline passed, once (the one extension reaches the whole
    month)."""
    return not already_requested and today <= report_by


def r30_2_extension_problems(
    *, act_received_on: dt.date, report_by: dt.date, new_report_by: dt.date, today: dt.date
) -> list[str]:
    """Why HR cannot grant an extension to ``new_report_by``: it must lie after the current deadline and
    within one month of the act in all (R-30.2), and be granted before the current deadline passed (R-30.3
    then applies)."""
    problems = []
    if today > report_by:
        problems.append("deadline_passed")
    if new_report_by <= report_by:
        problems.append("not_later")
    if new_report_by > r30_2_report_by_max(act_received_on):
        problems.append("beyond_one_month")
    return problems


def r30_3_revocation_due_on(report_by: dt.date) -> dt.date:
    """R-30.3: not reported by the last day → the act is revoked on the next day (at its start, the
    institution's time): the beat decides by this scheduled day, not by when it runs."""
    return report_by + dt.timedelta(days=1)


def r30_3_is_overdue(*, today: dt.date, report_by: dt.date) -> bool:
    return today >= r30_3_revocation_due_on(report_by)
