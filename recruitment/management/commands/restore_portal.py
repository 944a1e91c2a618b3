from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from recruitment.management.backup import documents_problems, restore


class Command(BaseCommand):
    help = (
        "Restore a backup_portal folder into the configured, empty database and documents folder, then "
        "verify it: every file against the manifest, the audit chain (verify_audit) and every document's "
        "SHA-256 against the one its row recorded. Fails, naming each problem, when anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the folder backup_portal wrote (with manifest.json)")

    def handle(self, *args, backup, **options):
        manifest = restore(backup)
        self.stdout.write(f"Restored the database and {len(manifest['documents'])} files from {backup}.")
        call_command("verify_audit", stdout=self.stdout, stderr=self.stderr)
        problems = documents_problems(manifest)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} document(s) missing or changed.")
        self.stdout.write(
            self.style.SUCCESS("Documents intact: every document's SHA-256 matches its record.")
        )
