"""manage.py import_scores REFERENCE FILE.csv [--sat-on YYYY-MM-DD]: marks from another system into a
position's evaluation, through the one importer of the chair's page and HR's admin
(scoring.score_import.scores_import).

Every row is checked first; one bad row saves nothing, and every problem is printed with its line (exit status
1).
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scoring import io, score_import


class Command(BaseCommand):
    help = (
        "Import marks (columns application,step,member,question,points) into the evaluation of the position "
        "with this reference; the whole file or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference", help="the position's reference, as seed_competition prints it")
        parser.add_argument("file", help="a UTF-8 CSV file")
        parser.add_argument(
            "--sat-on",
            type=dt.date.fromisoformat,
            default=None,
            help="R-20.5: the day the written test was sat (the day after its seal); default today",
        )

    def handle(self, *args, reference, file, sat_on=None, **options):
        try:
            evaluation = io.evaluation_by_reference(reference)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        try:
            summary = score_import.scores_import(evaluation=evaluation, data=data, sat_on=sat_on)
        except io.ImportRefused as exc:
            for message in exc.errors:
                self.stderr.write(message)
            raise CommandError(f"{file}: refused, nothing saved ({len(exc.errors)} problem(s)).") from None
        self.stdout.write(
            f"{summary.written} written score(s), {summary.sheets} sheet(s) with {summary.marks} "
            f"mark(s) imported; file SHA-256 {summary.file_sha256}."
        )
