"""The loader of ``manage.py load_demo``: the demo content (F1, K23, one open KQZ vacancy) and the demo
accounts; the stages of a procedure are demo/stages.py's.

The loader is the data migration of the demo content, not HR at work: it sets the historical
announcements' status directly (they closed long ago) instead of moving them through the
services, and it writes one audit event, ``demo.loaded``, when it changed anything. The open
vacancy is the exception: created as a draft, it is published once by KQZ's demo HR account
through vacancies.services.announcement_publish, so it passes the same checks as any other.

Idempotent: every row is found by its natural key (institution short name; announcement by
institution and reference; position by announcement and code, or order when it has no code; a
position's requirements, documents and places by position and order) and written only when a value
differs, so a second run changes nothing, not even ``updated_at``. Rows the data no longer lists
are deleted. The open vacancy keeps the dates it was published with; ``--reopen`` publishes it
again from now when it has run out.

The stages (demo/stages.py) are the other exception: each is built once through the services, on a clock set
back to the day each step happened, and found again by its announcement's reference: when that exists the
stage is skipped, whatever has happened to it since (people may have worked on it in the demo; a second run
must not undo their work).
"""

import datetime as dt
from collections import Counter

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import CommandError
from django.db import models
from django.utils import translation

from demo import data as demo_data
from vacancies import rules, services
from vacancies.models import (
    Announcement,
    AnnouncementStatus,
    ClosingState,
    Institution,
    InstitutionStaff,
    Position,
    PositionPlace,
    RequiredDocument,
    Requirement,
    RequirementKind,
)
from vacancies.translation import ANNOUNCEMENT_FIELDS, POSITION_FIELDS

DEMO_PASSWORD_SALT = "demoportal2026"
LANGUAGES = ("sq", "en", "sr_latn")
_LOOK_UP = object()


def translated(field: str, text: dict) -> dict:
    """{"title_sq": ..., "title_en": ..., "title_sr_latn": ...}; an empty translation is stored as NULL,
    so modeltranslation falls back to Albanian."""
    values = {f"{field}_sq": text["sq"] or ""}
    for lang in LANGUAGES[1:]:
        values[f"{field}_{lang}"] = text.get(lang) or None
    return values


def local_datetime(value: str, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=tz)


def r9_1_4_general_requirements() -> list[dict]:
    """R-9.1.4: the six general requirements, Albanian as the regulation words them, English from the
    msgids of rules.R9_1_4_GENERAL_REQUIREMENTS, Serbian as demo_data writes it."""
    if (
        not len(demo_data.R9_1_4_SQ)
        == len(demo_data.R9_1_4_SR_LATN)
        == len(rules.R9_1_4_GENERAL_REQUIREMENTS)
    ):
        raise CommandError("demo_data.R9_1_4_* and rules.R9_1_4_GENERAL_REQUIREMENTS disagree on R-9.1.4.")
    with translation.override("en"):
        english = [str(text) for text in rules.R9_1_4_GENERAL_REQUIREMENTS]
    return [
        demo_data.req(RequirementKind.GENERAL, demo_data.t(sq, en, sr_latn))
        for sq, en, sr_latn in zip(demo_data.R9_1_4_SQ, english, demo_data.R9_1_4_SR_LATN, strict=True)
    ]


class DemoLoader:
    def __init__(self, *, now: dt.datetime, reopen: bool = False):
        self.now = now
        self.reopen = reopen
        self.created: Counter = Counter()
        self.updated: Counter = Counter()
        self.deleted: Counter = Counter()
        self.users: dict = {}  # e-mail -> user

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    # -- one row -----------------------------------------------------------------------------------------

    def upsert(self, model, lookup: dict, values: dict, *, found=_LOOK_UP):
        """update_or_create that writes only what differs (and nothing at all when nothing does).

        ``found``: the row already fetched for ``lookup`` (None: there is none), to save a query.
        """
        obj = model.objects.filter(**lookup).first() if found is _LOOK_UP else found
        label = model._meta.label
        # The parent in the lookup was just loaded: validating that it exists would cost a query per row.
        parents = [name for name, value in lookup.items() if isinstance(value, models.Model)]
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean(exclude=parents)
            obj.save()
            self.created[label] += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean(exclude=parents)
            obj.save()
            self.updated[label] += 1
        return obj

    def delete_stale(self, queryset) -> None:
        count, per_model = queryset.delete()
        for label, n in per_model.items():
            if n:
                self.deleted[label] += n

    # -- the content --------------------------------------------------------------------------------------

    def load(self) -> dict[str, Announcement]:
        institutions = {spec["short_name"]: self.load_institution(spec) for spec in demo_data.INSTITUTIONS}
        self.load_accounts(institutions)
        return {
            spec["reference"]: self.load_announcement(spec, institutions[spec["institution"]])
            for spec in demo_data.ANNOUNCEMENTS
        }

    def load_institution(self, spec: dict) -> Institution:
        values = {
            **translated("name", spec["name"]),
            **translated("address", spec["address"]),
            "country": spec["country"],
            "time_zone": spec["time_zone"],
            "rule_set": spec["rule_set"],
            "email": spec["email"],
            "phone": spec["phone"],
            "website": spec["website"],
        }
        return self.upsert(Institution, {"short_name": spec["short_name"]}, values)

    def announcement_dates(self, spec: dict, institution: Institution, existing: Announcement | None) -> dict:
        tz = institution.tzinfo
        if "opens_at" in spec:  # a historical announcement: its dates are the source's
            return {
                "published_at": local_datetime(spec["published_at"], tz),
                "opens_at": local_datetime(spec["opens_at"], tz),
                "closes_at": local_datetime(spec["closes_at"], tz),
                "status": spec["status"],
            }
        # The open vacancy (R). New: a draft that opens now and closes on the last day allows (30
        # calendar days after the publication date) at the hour demo_data names; load_announcement
        # then has the institution's HR publish it through the service. Existing: its dates and status are
        # kept, so a second run changes nothing, unless --reopen asks for a new period once it has run out.
        now = self.now.astimezone(tz).replace(second=0, microsecond=0)
        hour, minute = (int(part) for part in spec["closing_hour"].split(":"))
        closes_at = dt.datetime.combine(rules.latest_closing_date(now, tz), dt.time(hour, minute), tzinfo=tz)
        if existing is None:
            return {
                "published_at": None,
                "opens_at": now,
                "closes_at": closes_at,
                "status": AnnouncementStatus.DRAFT,
            }
        if not self.reopen or existing.is_open or existing.status == AnnouncementStatus.DRAFT:
            return {}
        if existing.status == AnnouncementStatus.CLOSED:
            raise CommandError(
                f"{existing.reference} was closed, and a closed announcement is never reopened. "
                "Delete it (or the demo database) and run load_demo again."
            )
        return {"published_at": now, "opens_at": now, "closes_at": closes_at}

    def load_announcement(self, spec: dict, institution: Institution) -> Announcement:
        lookup = {"institution": institution, "reference": spec["reference"]}
        existing = Announcement.objects.filter(**lookup).first()
        values = {
            "rule_set": spec["rule_set"],
            "contact_email": spec["contact_email"],
            "contact_phone": spec["contact_phone"],
            **self.announcement_dates(spec, institution, existing),
        }
        for field in ANNOUNCEMENT_FIELDS:
            values.update(translated(field, spec[field]))
        announcement = self.upsert(Announcement, lookup, values)
        kept = [self.load_position(position, announcement).pk for position in spec["positions"]]
        self.delete_stale(Position.objects.filter(announcement=announcement).exclude(pk__in=kept))
        if spec.get("published_by") and announcement.status == AnnouncementStatus.DRAFT:
            # Published as HR publishes (checks, R-8.2 validation, audit event), with its opening as "now".
            announcement = services.announcement_publish(
                announcement=announcement, actor=self.users[spec["published_by"]], now=announcement.opens_at
            )
        return announcement

    def load_position(self, spec: dict, announcement: Announcement) -> Position:
        # A position is known by its code; F1's has none ("N/A"), so by its order.
        if spec["code"]:
            lookup = {"announcement": announcement, "code": spec["code"]}
        else:
            lookup = {"announcement": announcement, "code": "", "order": spec["order"]}
        values = {
            "order": spec["order"],
            "code": spec["code"],
            "category": spec["category"],
            "coefficient": spec["coefficient"],
            "contract_type": spec["contract_type"],
            "number_of_positions": spec["number_of_positions"],
            "scoring_scheme": spec["scoring_scheme"],
        }
        if announcement.status == AnnouncementStatus.CLOSED:
            # A historical competition: its application period closed at the announced deadline (no extension
            # on record), so the closing state says so too and the verification can count from it.
            values.update({"closing_state": ClosingState.CLOSED, "closed_at": announcement.closes_at})
        for field in POSITION_FIELDS:
            values.update(translated(field, spec[field]))
        values = {name: value for name, value in values.items() if name not in lookup}
        position = self.upsert(Position, lookup, values)

        requirements = list(spec["requirements"])
        if spec.get("general_requirements_r9_1_4"):
            requirements = r9_1_4_general_requirements() + requirements
        self.load_children(
            position,
            Requirement,
            requirements,
            lambda r: {
                "kind": r["kind"],
                "min_years": r["min_years"],
                "is_advantage": r["is_advantage"],
                **translated("text", r["text"]),
            },
        )
        self.load_children(
            position,
            RequiredDocument,
            spec["documents"],
            lambda d: {
                "required": d["required"],
                **translated("name", d["name"]),
                **translated("notes", d["notes"]),
            },
        )
        self.load_children(
            position,
            PositionPlace,
            spec["places"],
            lambda p: {
                "count": p["count"],
                **translated("place", p["place"]),
            },
        )
        return position

    def load_children(self, position: Position, model, rows: list[dict], values_of) -> None:
        existing = {child.order: child for child in model.objects.filter(position=position).order_by("-pk")}
        kept = [
            self.upsert(
                model, {"position": position, "order": order}, values_of(row), found=existing.get(order)
            ).pk
            for order, row in enumerate(rows, start=1)
        ]
        self.delete_stale(model.objects.filter(position=position).exclude(pk__in=kept))

    # -- the accounts -------------------------------------------------------------------------------------

    def load_accounts(self, institutions: dict[str, Institution]) -> None:
        user_model = get_user_model()
        password = demo_data.DEMO_PASSWORD
        # One hash for every demo account, with a fixed salt: the password is published in the README anyway,
        # and hashing it once instead of once per account (and checking by comparing the stored hash, not by
        # hashing again) spares ~1 s of PBKDF2 per account on every load. Still the site's first hasher, so
        # logging in works as for anyone.
        encoded = make_password(password, salt=DEMO_PASSWORD_SALT)
        for spec in demo_data.ACCOUNTS:
            email = spec["email"]
            values = {
                "email": email,
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "is_staff": spec["is_staff"],
                "is_superuser": spec["is_superuser"],
                "is_active": True,
            }
            user = user_model.objects.filter(username=email).first()
            if user is None:
                user = user_model(username=email, **values)
                validate_password(password, user)
                user.password = encoded
                user.save()
                self.created[user_model._meta.label] += 1
            else:
                changed = [name for name, value in values.items() if getattr(user, name) != value]
                for name in changed:
                    setattr(user, name, values[name])
                # Set only when it is not the demo one any more (changed by someone, or hashed another way),
                # so a second run leaves the row as it is.
                if user.password != encoded and not user.check_password(password):
                    validate_password(password, user)
                    user.password = encoded
                    changed.append("password")
                if changed:
                    user.save()
                    self.updated[user_model._meta.label] += 1
            self.users[email] = user
            for short_name, role in spec["roles"]:
                _, created = InstitutionStaff.objects.get_or_create(
                    user=user, institution=institutions[short_name], role=role
                )
                if created:
                    self.created[InstitutionStaff._meta.label] += 1
            # Verified and primary: ACCOUNT_EMAIL_VERIFICATION is "mandatory", and the demo has no inbox to
            # confirm from.
            self.upsert(EmailAddress, {"user": user, "email": email}, {"verified": True, "primary": True})
