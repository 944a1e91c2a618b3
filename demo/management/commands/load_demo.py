"""``manage.py load_demo``: the demo content and accounts (demo.loader) and the stages of a procedure
(demo.stages). Safe to run again: what exists is found by its natural key and left as it is."""

import zoneinfo
from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from audit.services import audit_log
from committees.models import Seat, SeatStatus
from demo import data as demo_data
from demo import stages
from demo.loader import DemoLoader
from scoring.models import Evaluation
from vacancies.models import Announcement, Position


class Command(BaseCommand):
    help = (
        "Load the demo content (F1, K23, one open KQZ vacancy, one KQZ competition at the evaluation stage) "
        "and the demo accounts. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reopen",
            action="store_true",
            help="Publish the demo KQZ vacancy again from now if its application period has run out.",
        )
        parser.add_argument(
            "--deadline-in",
            type=int,
            default=None,
            metavar="SECONDS",
            help="When the competition that extends by itself (KQZ 14/2026) is created: its deadline this "
            "many seconds from now (default: DEMO_DEADLINE_SECONDS, else 180).",
        )

    def handle(self, *args, **options):
        loader = DemoLoader(now=timezone.now(), reopen=options["reopen"])
        # Albanian active: the untranslated base columns (title, name, ...) take the Albanian text.
        with translation.override("sq"), transaction.atomic():
            announcements = loader.load()
            stages.load_stages(loader, deadline_in=options["deadline_in"])
            if loader.changed_anything:
                audit_log(
                    actor=None,
                    action="demo.loaded",
                    object_type="vacancies.demo",
                    data={
                        "created": dict(loader.created),
                        "updated": dict(loader.updated),
                        "deleted": dict(loader.deleted),
                    },
                )
        self.report(loader, announcements)

    def report(self, loader: DemoLoader, announcements: dict[str, Announcement]) -> None:
        def counts(counter: Counter) -> str:
            return ", ".join(f"{label} {n}" for label, n in sorted(counter.items())) or "nothing"

        if loader.changed_anything:
            self.stdout.write(
                f"Demo content loaded. Created: {counts(loader.created)}. "
                f"Updated: {counts(loader.updated)}. Deleted: {counts(loader.deleted)}."
            )
        else:
            self.stdout.write("Demo content already up to date: nothing changed.")

        vacancy = announcements[demo_data.R_VACANCY["reference"]]
        tz = zoneinfo.ZoneInfo(vacancy.institution.time_zone)
        closes = vacancy.closes_at.astimezone(tz).strftime("%d.%m.%Y %H:%M")
        if vacancy.is_open:
            self.stdout.write(f"Open now: {vacancy.reference}, applications close {closes} ({tz.key}).")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"{vacancy.reference} closed {closes} ({tz.key}); run load_demo --reopen to publish it "
                    "again."
                )
            )

        self.stdout.write("")
        self.stdout.write(self.login_table())
        self.stdout.write("")
        self.stdout.write(self.stages_table())
        spec = demo_data.DEMO_COMPETITION
        members = spec["members"]
        self.stdout.write("")
        # Console output for whoever runs the demo, in English like the rest of this command's output.
        chair = self.demo_chair(spec) or "?"
        self.stdout.write(
            f"At the evaluation stage: {spec['reference']} (shortlist published, committee drawn and "
            f"appointed, written test sealed); its committee is {members[0]} … {members[-1]}, and the lot "
            f"seated {chair} in the chair."
        )

    @staticmethod
    def demo_chair(spec) -> str | None:
        """Who chairs the demo competition's committee: whoever its draw seated in the chair's slot
        (R-16.3)."""

        seats = Seat.objects.filter(
            status=SeatStatus.ACTIVE,
            committee__position__announcement__reference=spec["reference"],
            committee__position__announcement__institution__short_name=spec["institution"],
        )
        chair = next(
            (seat for seat in seats.select_related("member__user", "committee") if seat.is_chair), None
        )
        return chair.member.user.email if chair else None

    def stages_table(self) -> str:
        """Each stage of a procedure in the demo, where it stands now and who opens it (demo/stages.py)."""

        lines = ["Stages (demo/stages.py):"]
        positions = {
            p.announcement.reference: p
            for p in Position.objects.filter(announcement__institution__short_name="KQZ").select_related(
                "announcement__institution"
            )
        }
        for spec, what in (
            (demo_data.R_VACANCY, "open: apply as applicant@demo.test or sign up"),
            (
                demo_data.EXTENSION_STAGE,
                "open with one application; the beat extends it at its "
                "deadline (R-12.2), notices in /mailbox/",
            ),
            (
                demo_data.VERIFICATION_STAGE,
                "closed, applications waiting for HR's verification: hr@kqz.demo in the admin",
            ),
        ):
            position = positions.get(spec["reference"])
            if position is not None:
                tz = position.announcement.institution.tzinfo
                deadline = position.deadline.astimezone(tz).strftime("%d.%m.%Y %H:%M:%S")
                lines.append(f"  {spec['reference']}: {what} [{position.closing_state}, deadline {deadline}]")
        doing = {
            "sealed": "written test sealed on an earlier day: the chair can open the sitting today (R-20.5)",
            "interview": "at the interview: members declare, then mark each invited candidate",
            "published": "results published: act, qualified list, notices",
            "after_results": "after the results: winners kandidat9..12@demo.test, the first invited to "
            "choose a post and consent (R-26)",
        }
        for spec in demo_data.EVALUATION_STAGES:
            position = positions.get(spec["reference"])
            evaluation = Evaluation.objects.filter(position=position).first() if position else None
            if evaluation is not None:
                chair = self.demo_chair(spec) or "?"
                lines.append(
                    f"  {spec['reference']}: {doing[spec['stage']]} [{evaluation.status}; chair {chair}]"
                )
        return "\n".join(lines)

    @staticmethod
    def login_table() -> str:
        rows = [("E-mail", "Password", "Role")] + [
            (spec["email"], demo_data.DEMO_PASSWORD, spec["label"]) for spec in demo_data.ACCOUNTS
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "Demo log-ins:\n" + "\n".join(lines)
