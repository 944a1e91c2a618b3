"""Recompute a committee draw from its published record: ``manage.py verify_draw draw-12.json`` or
``manage.py verify_draw 12`` (the draw's id, read from the database as its public page shows it)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from committees import rules, selectors
from committees.models import Draw


class Command(BaseCommand):
    help = (
        "Recompute a committee draw from its public JSON (a file) or from its id; "
        "fails when it does not match."
    )

    def add_arguments(self, parser):
        parser.add_argument("draw", help="a draw's JSON file, or a draw's id")

    def handle(self, *args, draw, **options):
        record = self._record(draw)
        try:
            problems = rules.verify_record(record)
        except (KeyError, TypeError) as exc:
            problems = [f"The record lacks or garbles {exc}."]
        label = f"draw {record.get('draw')} ({record.get('position_reference')})"
        if problems:
            raise CommandError(f"NOT VERIFIED: {label}\n" + "\n".join(f"  - {p}" for p in problems))
        self.stdout.write(
            self.style.SUCCESS(
                f"VERIFIED: {label}: the published committee follows from the published inputs."
            )
        )
        for entry in record["result"]:
            chair = "  (chair)" if entry["member"] == record.get("chair") else ""
            self.stdout.write(
                f"  {entry['seat']} place {entry['slot']}: {entry.get('name', '')} "
                f"[#{entry['member']}]{chair}"
            )

    def _record(self, arg: str) -> dict:
        path = Path(arg)
        if path.is_file():
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read {arg}: {exc}") from exc
        if arg.isdigit():
            draw = Draw.objects.select_related("replaced_seat").filter(pk=int(arg)).first()
            if draw is None:
                raise CommandError(f"No draw {arg}.")
            return selectors.draw_record(draw)
        raise CommandError(f"{arg} is neither a file nor a draw id.")
