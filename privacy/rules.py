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


def anonymisation_due(*, ended_at: dt.datetime | None, now: dt.datetime, years: int) -> bool:
    """Every application of a procedure is anonymised ``years`` after it ended."""
    return ended_at is not None and now >= add_years(ended_at, years)
