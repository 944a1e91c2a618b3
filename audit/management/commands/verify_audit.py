from django.core.management.base import BaseCommand, CommandError

from audit.models import Event
from audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; fails when any event was changed, deleted or inserted."

    def handle(self, *args, **options):
        problems = audit_verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"Audit chain broken: {len(problems)} problem(s).")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {Event.objects.count()} events."))
