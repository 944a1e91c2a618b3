"""``manage.py seed_competition``: a competition at the evaluation stage (demo.seed), or walked further
through the services (``--stage``, demo.stages.walk): up to the published results, or after them (the winners
invited)."""

from django.core.management.base import BaseCommand, CommandError

from demo.seed import SCHEMES, seed_competition
from demo.stages import STAGE_DAYS, seed_at_stage

# The walk reads the KQZ professional preset's steps (written test, interview; ).
WALKS = ("kqz-professional",)


class Command(BaseCommand):
    help = (
        "Create a competition at the evaluation stage: N shortlisted candidates and a drawn, appointed "
        "committee. Prints the position's reference, then the members' e-mails (chair first), one a line. "
        "With --stage (kqz-professional only, for tens of candidates): walked through the services to the "
        "test sealed, the interview, the results published or after the results (winners list, first winner "
        "invited)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scheme", required=True, choices=SCHEMES)
        parser.add_argument("--candidates", required=True, type=int)
        parser.add_argument("--stage", choices=sorted(STAGE_DAYS), default=None)

    def handle(self, *args, scheme, candidates, stage=None, **options):
        if candidates < 1:
            raise CommandError("--candidates must be at least 1.")
        if stage is None:
            _position, reference, emails, _evaluation = seed_competition(
                scheme_key=scheme, candidates=candidates
            )
        elif scheme not in WALKS:
            raise CommandError(f"--stage walks {', '.join(WALKS)} only.")
        else:
            _position, reference, emails, _evaluation = seed_at_stage(
                stage=stage, scheme_key=scheme, candidates=candidates
            )
        self.stdout.write(reference)
        for email in emails:
            self.stdout.write(email)
