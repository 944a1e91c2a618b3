"""A competition at the evaluation stage, for load tests, benchmarks and demonstrations (issue 6).

    manage.py seed_competition --scheme kqz-professional --candidates 10000

creates an institution with its HR officer, an announcement with one position of the scheme's category,
closed; N applicants with submitted applications, each verified eligible, and the shortlist published; a list
of potential members, a committee drawn from it and appointed; and the evaluation with the N candidates
admitted. It prints the position's reference (``committees.services.position_reference``) on the first line,
then the committee members' e-mails, one a line, the chair first: what ``import_scores`` expects in its
``member`` column.

Everything that happens once goes through its service (publication, closing, pool, committee, draw,
appointment, evaluation). What happens once per applicant (submission, review, decision, place on the
shortlist, admission) is written in bulk: through the per-row services 10,000 applicants take minutes, and
this is a fixture generator, not HR at work. That is safe because:
- every row is what the service would write (same fields, statuses, references, events, order of the
  shortlist), and ``tests/scoring/test_commands.py`` checks the result against the services' own contracts:
  ``verification.selectors.eligible_applications`` lists the N in shortlist order, and opening the
  verification, publishing the shortlist and admitting the candidates again change nothing;
- it runs in one transaction on a new institution of its own, so it meets no real procedure and no lock;
- what it leaves out on purpose: the outbox messages to the fictitious applicants (nobody to tell; a worker
  would try to mail them) and the per-decision audit events, replaced by one summary event per bulk step.
"""

import datetime as dt
import hashlib
import io
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from applications import services as application_services
from applications.events import NewApplicationEvent, application_events_record_bulk
from applications.models import (
    ApplicantProfile,
    Application,
    ApplicationStatus,
    ApplicationSubmission,
    EventKind,
)
from applications.rules import reference_number
from audit.services import audit_log
from committees import rules as committee_rules
from committees import services as committee_services
from committees.models import Field, PoolMember, Seat, SeatStatus
from demo import data as demo_data
from recruitment.lib.languages import LANGS
from scoring import schemes
from scoring import services as scoring_services
from scoring.models import EvaluationCandidate
from vacancies import services as vacancy_services
from vacancies.models import (
    Announcement,
    AnnouncementStatus,
    Category,
    ContractType,
    Institution,
    InstitutionStaff,
    Position,
    RequiredDocument,
    Requirement,
    RequirementKind,
    RuleSet,
    StaffRole,
)
from vacancies.translation import ANNOUNCEMENT_FIELDS
from verification import closing
from verification import rules as verification_rules
from verification.models import Check, CheckResult, CriterionKind, Decision, Review, ReviewCount, Shortlist
from verification.selectors import eligible_applications

# The announcement's translated texts that demo_data.SEED_ANNOUNCEMENT gives (the title is the seed's own;
# the legal basis and the other notes stay empty).
ANNOUNCEMENT_TEXTS = tuple(
    field for field in ANNOUNCEMENT_FIELDS if field not in ("title", "legal_basis", "other_notes")
)
GRADE = {"kqz-management": demo_data.t("Menaxhment i mesëm", "Middle management", "Srednji menadžment")}
SCHEMES = ("kqz-professional", "kqz-specialist", "kqz-management", "f1")
CATEGORY = {
    "kqz-professional": Category.PROFESSIONAL,
    "kqz-specialist": Category.SPECIALIST,
    "kqz-management": Category.MIDDLE_MANAGEMENT,
    "f1": Category.PROFESSIONAL,
}
BATCH = 2000
DOMAIN = "seed.example.org"

FIRST_NAMES = [
    "Arbër",
    "Besa",
    "Çlirim",
    "Dafina",
    "Dritë",
    "Edon",
    "Ëndrra",
    "Fatos",
    "Gentiana",
    "Gëzim",
    "Hana",
    "Ilir",
    "Jeta",
    "Kaltrina",
    "Liridon",
    "Lule",
    "Mimoza",
    "Njomza",
    "Orges",
    "Pranvera",
    "Qëndrim",
    "Rina",
    "Shpat",
    "Teuta",
    "Thëllëza",
    "Ujkan",
    "Valon",
    "Xhevdet",
    "Yllka",
    "Zana",
]
LAST_NAMES = [
    "Ahmeti",
    "Berisha",
    "Çeku",
    "Dibra",
    "Dobruna",
    "Elshani",
    "Fazliu",
    "Gashi",
    "Gjinolli",
    "Hoxha",
    "Islami",
    "Jashari",
    "Kastrati",
    "Krasniqi",
    "Llapashtica",
    "Morina",
    "Nura",
    "Osmani",
    "Përvizi",
    "Qerimi",
    "Rexhepi",
    "Shala",
    "Tahiri",
    "Thaçi",
    "Ukaj",
    "Vllasaliu",
    "Xhemajli",
    "Ymeri",
    "Zeqiri",
    "Zhubi",
]


def _name(i: int) -> tuple[str, str]:
    return FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i // len(FIRST_NAMES) + i) % len(LAST_NAMES)]


def _user(username: str):
    # No usable password: the applicants and members of a seeded competition are fixtures, nobody signs in as
    # them.
    return get_user_model()(username=username, email=username, password=make_password(None))


def _pool_members(scheme_key: str, department: str, field: Field) -> list[dict]:
    """Exactly the five (F1: three) members the composition needs, each eligible for one seat only, so the
    draw seats all of them and the chair is the first (R-16.3)."""
    manager = {"is_civil_servant": True, "category": committee_rules.MIDDLE_MANAGEMENT, "fields": [field]}
    if scheme_key == "kqz-professional":
        return [manager] * 3 + [
            {"category": committee_rules.PROFESSIONAL, "in_hr_unit": True},
            {"category": committee_rules.PROFESSIONAL, "fields": [field]},
        ]
    if scheme_key == "kqz-specialist":
        return [manager] * 3 + [
            {"category": committee_rules.PROFESSIONAL, "in_hr_unit": True},
            {"is_civil_servant": False, "category": "", "is_professor": True, "fields": [field]},
        ]
    if scheme_key == "kqz-management":  # for a middle-management position
        return [{"category": committee_rules.MIDDLE_MANAGEMENT}] * 3 + [
            {"category": "", "unit": department},
            {"category": committee_rules.PROFESSIONAL, "fields": [field]},
        ]
    return [{"category": committee_rules.PROFESSIONAL}] * 3  # F1 item 13: three persons


def seed_competition(
    *,
    scheme_key: str,
    candidates: int,
    now: dt.datetime | None = None,
    institution: Institution | None = None,
    hr=None,
    leader=None,
    members: list | None = None,
    reference: str | None = None,
    title: str | None = None,
    applicants: list | None = None,
):
    """Creates the competition; returns (position, reference, member e-mails chair first, evaluation).

    By default everything is new: an institution, its HR officer (and leader, for kqz-management), the
    members' users, a reference and title from a random tag. A caller (load_demo) may pass instead:
    ``institution`` with its ``hr`` (a user with the HR role there; required with ``institution``) and, for
    kqz-management, its ``leader`` (the highest administrative leader, who appoints: R-15.6);
    ``members``: the users to put on the list of potential members, exactly as many as the composition has
    seats and in the order of ``_pool_members`` (for R-13.2 and R-14.2 the first three are the field's
    managers), the list then seats exactly them; which of them chairs is left to the draw, as for any
    committee (R-16.3: the chair's slot is drawn like the others, and nobody picks among draws);
    ``reference`` and ``title`` of the announcement (the position takes the title too);
    ``applicants``: users with a complete profile (people with a log-in, the demo's) who apply instead of N
    new fixtures, one by one through applications' services with a PDF for each required document
    (``candidates`` must be their number).
    """
    if scheme_key not in SCHEMES:
        raise ValueError(f"Unknown scheme {scheme_key!r}.")
    if candidates < 1:
        raise ValueError("At least one candidate.")
    if applicants is not None and len(applicants) != candidates:
        raise ValueError("As many candidates as applicants.")
    if institution is not None and hr is None:
        raise ValueError("An existing institution needs its HR user.")
    if members is not None and len(members) != len(_pool_members(scheme_key, "", None)):
        raise ValueError(f"{scheme_key} seats {len(_pool_members(scheme_key, '', None))} members.")
    now = now or timezone.now()
    tag = secrets.token_hex(4)
    albanian = scheme_key == "f1"
    with transaction.atomic():
        if institution is None:
            institution = Institution.objects.create(
                name=f"Institucioni i provës {tag}",
                name_sq=f"Institucioni i provës {tag}",
                short_name=f"SEED{tag}".upper(),
                country="AL" if albanian else "XK",
                time_zone="Europe/Tirane" if albanian else "Europe/Belgrade",
                email=f"hr-{tag}@{DOMAIN}",
                rule_set=RuleSet.ALBANIA if albanian else RuleSet.KQZ_01_2024,
            )
        if hr is None:
            hr = get_user_model().objects.create_user(
                username=f"hr-{tag}@{DOMAIN}", email=f"hr-{tag}@{DOMAIN}", is_staff=True
            )
            InstitutionStaff.objects.create(user=hr, institution=institution, role=StaffRole.HR)
        appointer = hr
        if scheme_key == "kqz-management":  # the highest administrative leader appoints
            appointer = leader
            if appointer is None:
                appointer = get_user_model().objects.create_user(
                    username=f"leader-{tag}@{DOMAIN}", email=f"leader-{tag}@{DOMAIN}"
                )
                InstitutionStaff.objects.create(
                    user=appointer, institution=institution, role=StaffRole.LEADER
                )
        title_given = title is not None
        position_title = title or "Zyrtar prove"
        title = title or f"Konkurs provë {tag}"

        # The announcement, published in the past so that its deadline has passed now (publication refuses a
        # deadline behind its own clock; the services take that clock as ``now``).
        published = now - dt.timedelta(days=30)
        texts = demo_data.SEED_ANNOUNCEMENT  # every item of, in both official languages
        announcement = Announcement.objects.create(
            institution=institution,
            reference=reference or f"{tag}/{now.year}",
            title=title,
            title_sq=title,
            title_sr_latn=texts["title_sr_latn"] if title_given else f"Konkurs {tag}",
            rule_set=institution.rule_set,
            contact_email=institution.email,
            opens_at=published,
            closes_at=now - dt.timedelta(days=7),
            status=AnnouncementStatus.DRAFT,
            **{f"{key}_{lang}": texts[key][lang] for key in ANNOUNCEMENT_TEXTS for lang in LANGS},
            **{key: texts[key]["sq"] for key in ANNOUNCEMENT_TEXTS},
        )
        department = texts["department"]["sq"]
        grade = GRADE.get(scheme_key, texts["grade"])
        position = Position.objects.create(
            announcement=announcement,
            code="P-1",
            title=position_title,
            title_sq=position_title,
            title_sr_latn=texts["title_sr_latn"] if title_given else f"Službenik {tag}",
            category=CATEGORY[scheme_key],
            contract_type=ContractType.INDEFINITE,
            number_of_positions=1,
            coefficient=texts["coefficient"],
            scoring_scheme=scheme_key,
            **{
                f"{key}_{lang}": value[lang]
                for key, value in (
                    ("place", texts["place"]),
                    ("department", texts["department"]),
                    ("grade", grade),
                )
                for lang in LANGS
            },
            place=texts["place"]["sq"],
            department=department,
            grade=grade["sq"],
        )
        requirement = Requirement.objects.create(
            position=position,
            order=1,
            kind=RequirementKind.EDUCATION,
            text=texts["requirement"]["sq"],
            **{f"text_{lang}": texts["requirement"][lang] for lang in LANGS},
        )
        general = Requirement.objects.create(
            position=position,
            order=0,
            kind=RequirementKind.GENERAL,
            text=texts["general_requirement"]["sq"],
            **{f"text_{lang}": texts["general_requirement"][lang] for lang in LANGS},
        )
        document = RequiredDocument.objects.create(
            position=position,
            order=1,
            name=texts["document"]["sq"],
            **{f"name_{lang}": texts["document"][lang] for lang in LANGS},
        )
        announcement = vacancy_services.announcement_publish(
            announcement=announcement, actor=hr, now=published
        )

        submitted_at = now - dt.timedelta(days=8)
        if applicants is None:
            applications = _applicants(position, announcement, institution, tag, candidates, submitted_at)
        else:
            applications = _applicants_apply(position, applicants, submitted_at)

        # The deadline has passed: the closing decision of R-12.2/R-12.3 (a second run after an extension).
        for _attempt in range(2):
            closing.position_closing_decide(position_id=position.pk, now=now)
            position.refresh_from_db()
        if position.closing_state != "closed":
            raise CommandError("The position did not close.")

        _verify_and_publish(position, [general, requirement, document], applications, hr, now)

        # The committee: a list of potential members, the committee, its draw and its appointment (R-13 …
        #
        field, _created = Field.objects.get_or_create(
            code="seed-administration", defaults={"name": "Public administration"}
        )
        pool = committee_services.pool_create(
            institution=institution,
            decision_reference=f"Seed {tag}",
            approved_on=now.date() - dt.timedelta(days=30),
            actor=hr,
        )
        for number, attrs in enumerate(_pool_members(scheme_key, department, field), start=1):
            attrs = dict(attrs)
            fields = attrs.pop("fields", [])
            if members is None:
                user = _user(f"member{number}-{tag}@{DOMAIN}")
                user.save()
                name = f"Anëtari {number} {tag}"
            else:
                user = members[number - 1]
                name = user.get_full_name() or user.email
            member = PoolMember.objects.create(
                pool=pool, user=user, name=name, institution=institution, is_trained=True, **attrs
            )
            member.fields.set(fields)
        committee = committee_services.committee_create(
            position=position, pool=pool, fields=[field], actor=hr
        )
        secret = secrets.token_hex(16)
        draw = committee_services.committee_draw_announce(
            committee=committee, commitment=hashlib.sha256(secret.encode()).hexdigest(), actor=hr
        )
        committee_services.draw_perform(draw=draw, secret=secret, actor=hr)
        committee.refresh_from_db()
        committee_services.committee_appoint(committee=committee, actor=appointer)

        evaluation = scoring_services.evaluation_create(
            position=position, actor=hr, scheme=schemes.preset(scheme_key)
        )
        _admit(evaluation, hr)

        chair_key, chair_slot = committee_rules.chair_position(committee.composition)
        seats = sorted(
            Seat.objects.filter(committee=committee, status=SeatStatus.ACTIVE).select_related("member__user"),
            key=lambda s: (not (s.seat_key == chair_key and s.slot == chair_slot), s.seat_key, s.slot),
        )
        emails = [seat.member.user.email for seat in seats]
        reference = committee_services.position_reference(position)
        audit_log(
            actor=None,
            action="scoring.competition_seeded",
            obj=evaluation,
            data={"scheme": scheme_key, "candidates": candidates, "reference": reference},
        )
    return position, reference, emails, evaluation


def _applicants(position, announcement, institution, tag, count, submitted_at) -> list[Application]:
    """N applicants with a profile and one submitted application each, as application_submit leaves them."""
    users = [_user(f"applicant{i:05d}-{tag}@{DOMAIN}") for i in range(1, count + 1)]
    get_user_model().objects.bulk_create(users, batch_size=BATCH)
    profiles = []
    for i, user in enumerate(users):
        first, last = _name(i)
        profiles.append(
            ApplicantProfile(
                user=user,
                first_name=first,
                last_name=last,
                email=user.email,
                gender="female" if i % 2 else "male",
                date_of_birth=dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                personal_number=f"{9_000_000_000 + i}",
                address="Rr. e provës 1",
                phone="+383 44 000 000",
            )
        )
    ApplicantProfile.objects.bulk_create(profiles, batch_size=BATCH)
    # The snapshot of each profile exactly as application_submit freezes it (its lists read in six queries).
    snapshots = {
        p.user_id: application_services.profile_snapshot(p)
        for p in ApplicantProfile.objects.filter(pk__in=[p.pk for p in profiles]).prefetch_related(
            "education", "experience", "languages", "qualifications", "referees"
        )
    }
    applications = Application.objects.bulk_create(
        [
            Application(applicant=user, position=position, status=ApplicationStatus.SUBMITTED, language="sq")
            for user in users
        ],
        batch_size=BATCH,
    )
    context = application_services._context_snapshot(applications[0], position, announcement, "sq")
    year = submitted_at.astimezone(institution.tzinfo).year
    submissions = ApplicationSubmission.objects.bulk_create(
        [
            ApplicationSubmission(
                application=app,
                number=1,
                submitted_at=submitted_at,
                submitted_by=user,
                reference=reference_number(
                    institution_code=institution.short_name, year=year, application_id=app.pk, number=1
                ),
                profile_snapshot=snapshots[user.pk],
                checklist_snapshot=[],
                context_snapshot=context,
            )
            for app, user in zip(applications, users, strict=True)
        ],
        batch_size=BATCH,
    )
    for app, submission in zip(applications, submissions, strict=True):
        app.last_submission = submission
    Application.objects.bulk_update(applications, ["last_submission"], batch_size=BATCH)
    application_events_record_bulk(
        events=[
            NewApplicationEvent(
                application_id=app.pk,
                kind=EventKind.SUBMITTED,
                actor=user,
                at=submitted_at,
                data={"reference": app.last_submission.reference},
            )
            for app, user in zip(applications, users, strict=True)
        ],
        batch_size=BATCH,
    )
    return applications


def applicant_pdf(title: str) -> bytes:
    """A one-page PDF standing for a scanned document (what documents.inspect_upload accepts)."""

    from pypdf import PdfWriter  # loaded when a demo PDF is made: pypdf is heavy

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _applicants_apply(position, users, submitted_at) -> list[Application]:
    """Each user starts, attaches a PDF for every required document and submits, through applications'
    services, on the day of ``submitted_at`` (the application period still open)."""

    for user in users:
        application, _created = application_services.application_start(
            applicant=user, position=position, actor=user, language="sq", now=submitted_at
        )
        for document in position.documents.filter(required=True).order_by("order"):
            upload = SimpleUploadedFile(
                f"dokumenti-{document.order}.pdf",
                applicant_pdf(document.name_sq),
                content_type="application/pdf",
            )
            application_services.documents_add(
                application=application,
                slot=f"doc-{document.pk}",
                uploads=[upload],
                actor=user,
                now=submitted_at,
            )
        application_services.application_submit(
            application=application, actor=user, declaration_accepted=True, now=submitted_at
        )
    return list(
        Application.objects.filter(position=position).select_related("last_submission").order_by("pk")
    )


def _verify_and_publish(position, criteria, applications, hr, now) -> None:
    """reviews_open, every check "met", reviews_bulk_eligible and shortlist_publish, in bulk (R-18).
    ``criteria``: the general requirement, the position's own and the required document, in the order R-18.1
    checks them."""
    reviews = Review.objects.bulk_create(
        [
            Review(
                application=app,
                position=position,
                submission=app.last_submission,
                first_name=app.last_submission.profile_snapshot["personal"]["first_name"],
                last_name=app.last_submission.profile_snapshot["personal"]["last_name"],
                reference=app.last_submission.reference,
                opened_at=now,
                decision=Decision.ELIGIBLE,
                reasons=[],
                explanation="",
                decided_by=hr,
                decided_at=now,
            )
            for app in applications
        ],
        batch_size=BATCH,
    )
    ReviewCount.objects.create(position=position, reviews=len(reviews))  # as reviews_open keeps it
    checks = []
    for order, criterion in enumerate(criteria):
        if isinstance(criterion, RequiredDocument):
            kind, target = CriterionKind.DOCUMENT, {"required_document": criterion}
            label = {lang: getattr(criterion, f"name_{lang}") or criterion.name for lang in LANGS}
        else:
            kind = (
                CriterionKind.GENERAL if criterion.kind == RequirementKind.GENERAL else CriterionKind.SPECIFIC
            )
            target = {"requirement": criterion}
            label = {lang: getattr(criterion, f"text_{lang}") or criterion.text for lang in LANGS}
        checks += [
            Check(
                review=review,
                order=order,
                kind=kind,
                label=label,
                result=CheckResult.MET,
                checked_by=hr,
                checked_at=now,
                **target,
            )
            for review in reviews
        ]
    Check.objects.bulk_create(checks, batch_size=BATCH)
    entries = verification_rules.shortlist_order(r.shortlist_entry() for r in reviews)
    ranks = {entry["review"]: rank for rank, entry in enumerate(entries, start=1)}
    for review in reviews:
        review.shortlist_rank = ranks[review.pk]
    Review.objects.bulk_update(reviews, ["shortlist_rank"], batch_size=BATCH)
    tz = position.announcement.institution.tzinfo
    Shortlist.objects.create(
        position=position,
        published_at=now,
        published_by=hr,
        entries=entries,
        rejected_count=0,
        late=verification_rules.days_left(position.closed_at, now, tz) < 0,
    )
    application_events_record_bulk(
        events=[
            NewApplicationEvent(
                application_id=r.application_id, kind=kind, actor=hr, at=now, data={"reference": r.reference}
            )
            for r in reviews
            for kind in (EventKind.VERIFICATION_OPENED, EventKind.SHORTLISTED)
        ],
        batch_size=BATCH,
    )
    audit_log(
        actor=hr,
        action="verification.opened",
        obj=position,
        data={"reviews_created": len(reviews), "criteria": len(criteria), "seeded": True},
    )
    audit_log(
        actor=hr,
        action="verification.shortlist_published",
        obj=position,
        data={"eligible": len(entries), "not_eligible": 0, "excluded": 0, "seeded": True},
    )


def _admit(evaluation, hr) -> None:
    """candidates_admit in bulk: one candidate, with a fresh anonymous code and the shortlist's name, per
    eligible application."""

    eligible = eligible_applications(evaluation.position)
    rows = list(eligible.values_list("pk", "review__first_name", "review__last_name"))
    ids = [pk for pk, _first, _last in rows]
    EvaluationCandidate.objects.bulk_create(
        [
            EvaluationCandidate(evaluation=evaluation, application_id=pk, first_name=first, last_name=last)
            for pk, first, last in rows
        ],
        batch_size=BATCH,
    )
    audit_log(
        actor=hr,
        action="scoring.candidates_admitted",
        obj=evaluation,
        data={"added": len(ids), "total": len(ids), "seeded": True},
    )
