import json

from django.core.management.base import BaseCommand, CommandError

from audit.models import Checkpoint, Event
from audit.services import audit_verify


class Command(BaseCommand):
    help = (
        "Verify the audit log: walk its keyed hash chain and compare it with the last stored checkpoint and, "
        "with --checkpoint, with a published copy of one (the JSON of the e-mail or of "
        "/audit/checkpoints.json). Fails when any event was changed, re-hashed, inserted or removed, naming "
        "the missing events."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            metavar="FILE",
            help="a checkpoint's JSON (one object, or the list /audit/checkpoints.json publishes: "
            "its newest entry is used)",
        )

    def handle(self, *args, **options):
        given = None
        if options["checkpoint"]:
            try:
                with open(options["checkpoint"], encoding="utf-8") as fh:
                    given = json.load(fh)
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read the checkpoint {options['checkpoint']}: {exc}") from exc
            if isinstance(given, dict) and "checkpoints" in given:
                given = given["checkpoints"]
            if isinstance(given, list):
                if not given:
                    raise CommandError("The checkpoint file lists no checkpoint.")
                given = max(given, key=lambda c: (str(c.get("created_at", "")), int(c.get("last_seq", 0))))
            if not isinstance(given, dict):
                raise CommandError("The checkpoint file holds no checkpoint object.")
        problems = audit_verify(checkpoint=given)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"Audit chain broken: {len(problems)} problem(s).")
        latest = Checkpoint.objects.order_by("-created_at", "-id").first()
        against = []
        if given:
            against.append(f"the given checkpoint of {given['created_at']}")
        if latest:
            against.append(f"the stored checkpoint of {latest.created_at.isoformat()}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {Event.objects.count()} events"
                + (
                    f", consistent with {' and '.join(against)}."
                    if against
                    else " (no checkpoint to compare with yet)."
                )
            )
        )
