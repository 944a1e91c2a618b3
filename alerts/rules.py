"""When a job alert is due: pure, no database."""

import datetime as dt

PERIODS = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}
# A run an hour early still counts (the beat runs hourly; a daily alert should not slip to the next day).
SLACK = dt.timedelta(hours=1)


def is_due(*, frequency: str, last_run_at: dt.datetime | None, now: dt.datetime) -> bool:
    return last_run_at is None or now - last_run_at >= PERIODS[frequency] - SLACK
