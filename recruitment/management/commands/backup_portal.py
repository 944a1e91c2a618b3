from pathlib import Path

from django.core.management.base import BaseCommand

from recruitment.management.backup import backup


class Command(BaseCommand):
    help = (
        "Back the portal up into a new folder under DESTINATION: the database (pg_dump, custom format), the "
        "documents, and manifest.json with the SHA-256 of every file. Restore it with restore_portal."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path)

    def handle(self, *args, destination, **options):
        folder = backup(destination)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
        self.stdout.write(str(folder))
