"""The data-protection law's rules as the portal applies them: pure functions, no database.

Law No. 06/L-082 on the Protection of Personal Data (Kosovo; Albania's law on personal data for F1
institutions) gives the data subject the right to erasure except where the processing is needed for a legal
obligation or a task in the public interest; a recruitment procedure is such a task until it is over and can
no longer be appealed (R-32: to KPMSHCK after the final results). Retention periods are settings
(RETENTION_*)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_noop as _noop  # marks the sentences for the catalogue; no I/O


def add_years(moment: dt.datetime, years: int) -> dt.datetime:
    """The same day and hour ``years`` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


@dataclass(frozen=True)
class Procedure:
    """One procedure a person applied to, as the erasure rule needs it."""

    reference: str
    submitted: bool  # a submitted (or withdrawn after submission) application, not a draft
    ended_at: dt.datetime | None  # results published, or closed without an evaluation; None: under way
    # After the results (README's decisions table, "Erasure after the results"):
    # still waiting, invited, consented or postponed on an open winners list: the list's last valid
    # day.
    winner_until: dt.date | None = None
    # an appointment that stands (appointed or reported; not revoked): an employment record.
    appointed: bool = False
    # an appeal of the person's awaiting KPMSHCK's decision.
    appeal_pending: bool = False


def erasure_refusals(
    *, procedures: list[Procedure], holds_office: bool, now: dt.datetime, appeal_days: int
) -> list[tuple[str, dict]]:
    """Why the portal may not erase the person now (empty: it may). Each reason is an untranslated sentence
    with its values, rendered in the reader's language by the caller."""
    reasons: list[tuple[str, dict]] = []
    if holds_office:
        reasons.append(
            (
                _noop(
                    "You act for an institution (HR, a committee or an observer): your account is closed "
                    "by the institution, because your acts in procedures are public records."
                ),
                {},
            )
        )
    for p in procedures:
        if p.appointed:
            reasons.append(
                (
                    _noop(
                        "You were appointed from %(reference)s (R-30): the appointment, the probation and "
                        "any mandate are your employment record, which the institution keeps under the Law "
                        "on Public Officials; the portal's erasure does not apply to it. Ask the "
                        "institution's HR."
                    ),
                    {"reference": p.reference},
                )
            )
        if p.appeal_pending:
            reasons.append(
                (
                    _noop(
                        "Your appeal on %(reference)s awaits the decision of KPMSHCK (R-32, R-40): it is "
                        "kept until it is decided."
                    ),
                    {"reference": p.reference},
                )
            )
        if p.winner_until is not None and now.date() <= p.winner_until:
            reasons.append(
                (
                    _noop(
                        "You are on the winners list of %(reference)s, valid until %(until)s (R-26.7): the "
                        "institution may still invite or appoint you. Refuse the invitation, or ask HR to "
                        "take you off the list, and your data can then be erased."
                    ),
                    {"reference": p.reference, "until": p.winner_until.isoformat()},
                )
            )
        if not p.submitted:
            continue
        if p.ended_at is None:
            reasons.append(
                (
                    _noop(
                        "The procedure %(reference)s is under way: your application is part of it until the "
                        "results are published."
                    ),
                    {"reference": p.reference},
                )
            )
        elif now < p.ended_at + dt.timedelta(days=appeal_days):
            reasons.append(
                (
                    _noop("The results of %(reference)s may still be appealed (R-32) until %(until)s."),
                    {
                        "reference": p.reference,
                        "until": (p.ended_at + dt.timedelta(days=appeal_days)).date().isoformat(),
                    },
                )
            )
    return reasons


def documents_due(*, ended_at: dt.datetime | None, successful: bool, now: dt.datetime, years: int) -> bool:
    """The documents of an unsuccessful candidate are deleted ``years`` after the procedure ended."""
    return ended_at is not None and not successful and now >= add_years(ended_at, years)


def winner_files_due(*, list_ended_on: dt.date | None, appointed: bool, today: dt.date, years: int) -> bool:
    """R-26.7: the consent scan and free texts of a winner who was not appointed are deleted ``years`` after
    the list ended (its year over, or expired earlier); an appointed winner's belong to the employment
    record."""
    return list_ended_on is not None and not appointed and today >= _add_years_date(list_ended_on, years)


def appeal_files_due(*, decided_on: dt.date | None, today: dt.date, years: int) -> bool:
    """R-32: a decided appeal's scans and free texts are deleted ``years`` after KPMSHCK's decision; never
    while it awaits the decision (``decided_on`` None)."""
    return decided_on is not None and today >= _add_years_date(decided_on, years)


def _add_years_date(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def anonymisation_due(*, ended_at: dt.datetime | None, now: dt.datetime, years: int) -> bool:
    """Every application of a procedure is anonymised ``years`` after it ended."""
    return ended_at is not None and now >= add_years(ended_at, years)
