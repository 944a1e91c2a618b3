"""Reads of the data-protection layer: when a person's procedures ended, and everything the portal holds about
a person (the export)."""

from allauth.account.models import EmailAddress
from django.db.models import Q

from alerts.models import AlertSubscription
from applications.models import Application, ApplicationStatus, LibraryDocument
from audit.models import Event
from audit.services import pseudonym_of
from committees.models import Observer, PoolMember
from notifications.models import Message
from recruitment.permissions import hr_institution_ids
from scoring.models import EvaluationResult
from verification.models import Decision, Review, Shortlist
from verification.selectors import outcomes_for

from . import rules


def procedure_ends(position_ids) -> dict[int, object]:
    """position id -> when its procedure ended: the results' publication (R-25), or the shortlist's when
    nobody was admitted (no evaluation follows); None while under way. Three queries."""
    ids = set(position_ids)
    ends = dict.fromkeys(ids)
    for position_id, published_at in EvaluationResult.objects.filter(
        evaluation__position_id__in=ids, published_at__isnull=False
    ).values_list("evaluation__position_id", "published_at"):
        ends[position_id] = published_at
    pending = [pid for pid, end in ends.items() if end is None]
    with_eligible = set(
        Review.objects.filter(position_id__in=pending, decision=Decision.ELIGIBLE).values_list(
            "position_id", flat=True
        )
    )
    for position_id, published_at in Shortlist.objects.filter(position_id__in=pending).values_list(
        "position_id", "published_at"
    ):
        if position_id not in with_eligible:
            ends[position_id] = published_at
    return ends


def winners(position_ids) -> set[int]:
    """Applications named successful in published results (R-25.2, R-31.1, F1's top three)."""
    out = set()
    for rows in EvaluationResult.objects.filter(
        evaluation__position_id__in=list(position_ids), published_at__isnull=False
    ).values_list("rows", flat=True):
        out |= {row["application_id"] for row in rows if row.get("winner")}
    return out


def holds_office(user) -> bool:
    return bool(
        user.is_staff
        or hr_institution_ids(user)
        or PoolMember.objects.filter(user=user).exists()
        or Observer.objects.filter(user=user).exists()
    )


def person_procedures(user) -> list[rules.Procedure]:
    applications = list(Application.objects.filter(applicant=user).select_related("position__announcement"))
    ends = procedure_ends(a.position_id for a in applications)
    return [
        rules.Procedure(
            reference=f"{a.position.announcement.reference} {a.position.code}".strip(),
            submitted=a.last_submission_id is not None or a.status != ApplicationStatus.DRAFT,
            ended_at=ends.get(a.position_id),
        )
        for a in applications
    ]


def _row(obj, *, exclude=()) -> dict:
    """Every stored field of a row, as JSON takes it (foreign keys as ids)."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in exclude}


def personal_data(user) -> dict:
    """Everything the portal holds about the person, and nothing about anyone else: their account, profile,
    applications (with each submission's frozen copy, history, documents and what they were told), messages,
    job alerts, roles, and the audit events of their own acts. The documents' files go beside this in the
    ZIP."""
    profile = getattr(user, "applicant_profile", None)
    applications = list(
        Application.objects.filter(applicant=user)
        .select_related("position__announcement")
        .prefetch_related("submissions", "events", "documents")
    )
    outcomes = outcomes_for(applications)
    position_ids = [a.position_id for a in applications]
    published = {
        r.evaluation.position_id: r
        for r in EvaluationResult.objects.filter(
            evaluation__position_id__in=position_ids, published_at__isnull=False
        ).select_related("evaluation")
    }
    mine = {a.pk for a in applications}
    pseudonym = pseudonym_of(user)
    own_acts = Q(actor=user) | Q(actor_repr=pseudonym) if pseudonym else Q(actor=user)
    data = {
        "account": _row(user, exclude=("password",)),
        "email_addresses": [_row(e) for e in EmailAddress.objects.filter(user=user)],
        "profile": None,
        "applications": [],
        "document_library": [
            {**_row(d), "file_in_zip": library_document_name(d)}
            for d in LibraryDocument.objects.filter(owner=user)
        ],
        "messages": [
            _row(m)
            for m in Message.objects.filter(Q(recipient=user) | Q(email__iexact=user.email)).order_by(
                "created_at"
            )
        ]
        if user.email
        else [_row(m) for m in user.messages.all()],
        "job_alerts": [
            {**_row(s), "positions_sent": list(s.matches.values_list("position_id", flat=True))}
            for s in AlertSubscription.objects.filter(Q(user=user) | Q(email__iexact=user.email or "-"))
        ],
        "committee_pool": [_row(m) for m in PoolMember.objects.filter(user=user)],
        "observer": [_row(o) for o in Observer.objects.filter(user=user)],
        "audit_pseudonym": pseudonym,
        "own_acts_in_the_audit_log": [
            {
                "seq": e.seq,
                "at": e.created_at,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
            }
            for e in Event.objects.filter(own_acts).order_by("seq")
        ],
    }
    if profile is not None:
        data["profile"] = {
            **_row(profile),
            **{
                name: [_row(x) for x in getattr(profile, name).all()]
                for name in ("education", "experience", "languages", "qualifications", "referees")
            },
        }
    for a in applications:
        result = published.get(a.position_id)
        data["applications"].append(
            {
                **_row(a),
                "position": {
                    "reference": a.position.announcement.reference,
                    "code": a.position.code,
                    "title": a.position.title,
                },
                "submissions": [_row(s) for s in a.submissions.all()],
                "history": [_row(e) for e in a.events.all()],
                "documents": [{**_row(d), "file_in_zip": document_name(d)} for d in a.documents.all()],
                "verification_outcome": outcomes.get(a.pk, ""),
                "published_result": next(
                    (
                        row
                        for row in (result.rows if result else [])
                        if row.get("application_id") in mine and row["application_id"] == a.pk
                    ),
                    None,
                ),
            }
        )
    return data


def document_name(document) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in document.label)[:80]
    return f"documents/{document.application_id}/{document.pk}-{safe}"


def library_document_name(document) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in document.label)[:80]
    return f"library/{document.pk}-{safe}"
