"""manage.py export_results REFERENCE --format csv|json: the evaluation's results, one record per application,
in rank order, with the keys of scoring.io.EXPORT_KEYS, written to standard output."""

from django.core.management.base import BaseCommand, CommandError

from scoring import io


class Command(BaseCommand):
    help = "Print the results of the position's evaluation as CSV or JSON, one record per application."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="the position's reference, as seed_competition prints it")
        parser.add_argument("--format", choices=("csv", "json"), default="csv")

    def handle(self, *args, reference, format, **options):
        try:
            evaluation = io.evaluation_by_reference(reference)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(io.export_text(evaluation, format), ending="")
