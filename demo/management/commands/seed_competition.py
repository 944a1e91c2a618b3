"""``manage.py seed_competition``: a competition at the evaluation stage (demo.seed)."""

from django.core.management.base import BaseCommand, CommandError

from demo.seed import SCHEMES, seed_competition


class Command(BaseCommand):
    help = (
        "Create a competition at the evaluation stage: N shortlisted candidates and a drawn, appointed "
        "committee. Prints the position's reference, then the members' e-mails (chair first), one a line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scheme", required=True, choices=SCHEMES)
        parser.add_argument("--candidates", required=True, type=int)

    def handle(self, *args, scheme, candidates, **options):
        if candidates < 1:
            raise CommandError("--candidates must be at least 1.")
        _position, reference, emails, _evaluation = seed_competition(scheme_key=scheme, candidates=candidates)
        self.stdout.write(reference)
        for email in emails:
            self.stdout.write(email)
