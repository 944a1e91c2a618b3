"""The data subject's rights and the retention schedule (Law No. 06/L-082): export, erasure by anonymisation,
and the scheduled deletion. Each change is one transaction with its audit event.

Each app anonymises its own tables through its own service (applications.erasure, notifications.erasure,
alerts.erasure, verification.pdf's decision files, audit's pseudonym); this app calls them, and writes only
its own rows and Django's user account (no app of the portal owns the user model: the account's anonymisation
is here). Published lists (the shortlist, R-18.4; the qualified list, R-25.2) are public or legal records and
stay as they are. The audit chain is never changed: its events name a person only by pseudonym
(audit.Pseudonym), and the erasure cuts the pseudonym's link to the person, so the chain and ``verify_audit``
stay intact.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alerts.erasure import alerts_anonymise, alerts_expire
from appeals.erasure import appeals_anonymise
from appeals.models import Appeal
from applications.erasure import applicant_anonymise, applications_anonymise, applications_documents_purge
from applications.models import Application, ApplicationDocument, LibraryDocument
from appointments.erasure import appointments_anonymise
from audit.services import audit_log, pseudonym_erase
from notifications.erasure import messages_anonymise
from scoring.erasure import candidates_anonymise
from verification.pdf import decision_files_delete
from winners.erasure import winners_anonymise
from winners.models import Winner

from . import rules, selectors
from .models import RetentionRun

if TYPE_CHECKING:
    pass


class ErasureRefused(Exception):
    def __init__(self, reasons):
        super().__init__("; ".join(msgid % values for msgid, values in reasons))
        self.reasons = reasons


def personal_data_export(*, user) -> bytes:
    """A ZIP: ``data.json`` (everything the portal holds about the person) and their documents' files."""
    data = selectors.personal_data(user)
    buffer = io.BytesIO()
    storage = storages["private"]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for document in ApplicationDocument.objects.filter(application__applicant=user):
            if storage.exists(document.storage_path):
                with storage.open(document.storage_path, "rb") as fh:
                    archive.writestr(selectors.document_name(document), fh.read())
        for kept in LibraryDocument.objects.filter(owner=user):
            if storage.exists(kept.storage_path):
                with storage.open(kept.storage_path, "rb") as fh:
                    archive.writestr(selectors.library_document_name(kept), fh.read())
        for path, name in selectors.after_the_results_files(user):
            if storage.exists(path):
                with storage.open(path, "rb") as fh:
                    archive.writestr(name, fh.read())
    with transaction.atomic():
        audit_log(actor=user, action="privacy.exported", object_type="auth.user", object_id=str(user.pk))
    return buffer.getvalue()


# --- Erasure ------------------------------------------------------------------------------------------------


def erasure_refusals(*, user) -> list[tuple[str, dict]]:
    return rules.erasure_refusals(
        procedures=selectors.person_procedures(user),
        holds_office=selectors.holds_office(user),
        now=timezone.now(),
        appeal_days=settings.PRIVACY_APPEAL_DAYS,
    )


def account_anonymise(*, user) -> None:
    """The account can no longer sign in and holds no name or address: its e-mail addresses, second factors
    and linked e-ID accounts are deleted, the name and address emptied, the user name replaced by its id. The
    row stays (the applications hang on it). Called by personal_data_erase inside its transaction, with the
    row locked."""
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    if hasattr(user, "socialaccount_set"):
        user.socialaccount_set.all().delete()
    user.username = f"erased-{user.pk}"
    user.email = ""
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


def personal_data_erase(*, user) -> dict:
    """The person's right to erasure, by anonymisation: refused, with the reasons, while the law needs the
    data (a procedure under way or open to appeal; a role in an institution). Otherwise each app anonymises
    its own part (applications: profile, document files, receipts, frozen copies, document library;
    verification: its decision PDFs; notifications: messages; alerts), the account is anonymised, and the
    audit pseudonym's link to the person is cut: the chain itself is untouched and names nobody. The
    application rows stay (the procedure's record) under the anonymous account."""
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        reasons = erasure_refusals(user=user)
        if reasons:
            raise ErasureRefused(reasons)
        email = user.email
        application_ids = list(Application.objects.filter(applicant=user).values_list("pk", flat=True))
        # After the results: the refusals above leave no appeal undecided and no appointment standing here.
        counts = {
            "decision_files_deleted": decision_files_delete(application_ids=application_ids),
            **winners_anonymise(
                winner_ids=Winner.objects.filter(application_id__in=application_ids).values_list(
                    "pk", flat=True
                )
            ),
            **appointments_anonymise(application_ids=application_ids),
            **appeals_anonymise(
                appeal_ids=Appeal.objects.filter(
                    Q(application_id__in=application_ids) | Q(appellant=user)
                ).values_list("pk", flat=True)
            ),
            **applicant_anonymise(user=user),
            "candidates_anonymised": candidates_anonymise(application_ids=application_ids),
            **messages_anonymise(user=user, email=email),
            "alerts_deleted": alerts_anonymise(user=user, email=email),
        }
        account_anonymise(user=user)
        counts["audit_pseudonyms_unlinked"] = pseudonym_erase(user=user)
        # After the account is anonymous and the link cut, so the event names no one.
        audit_log(
            actor="data subject",
            action="privacy.erased",
            object_type="auth.user",
            object_id=str(user.pk),
            data=counts,
        )
    return counts


# --- The retention schedule ---------------------------------------------------------------------------------


def retention_apply(*, now: dt.datetime | None = None) -> RetentionRun:
    """Carries out the retention settings once; idempotent (what was done is not done again). The run's report
    is a RetentionRun row and an audit event."""
    now = now or timezone.now()
    applications = list(Application.objects.values_list("pk", "position_id"))
    ends = selectors.procedure_ends({pid for _pk, pid in applications})
    successful = selectors.winners({pid for _pk, pid in applications})
    # nothing of an application whose appeal awaits KPMSHCK's decision is deleted.
    appealed = selectors.pending_appeals()
    purge, anonymise = [], []
    for pk, position_id in applications:
        if pk in appealed:
            continue
        ended_at = ends.get(position_id)
        if rules.documents_due(
            ended_at=ended_at, successful=pk in successful, now=now, years=settings.RETENTION_DOCUMENTS_YEARS
        ):
            purge.append(pk)
        if rules.anonymisation_due(ended_at=ended_at, now=now, years=settings.RETENTION_APPLICATIONS_YEARS):
            anonymise.append(pk)
            if pk not in purge:
                purge.append(pk)  # an anonymised application keeps no file
    today = timezone.localdate(now)
    # a winner not appointed keeps no consent scan nor free text RETENTION_WINNERS_YEARS after the
    # list ended; nor the act of an appointment that was revoked, nor the reasons of the originals' check
    #
    winners_due = [
        (pk, application_id)
        for pk, application_id, ended_on, appointed in selectors.winners_with_files(today)
        if application_id not in appealed
        and rules.winner_files_due(
            list_ended_on=ended_on, appointed=appointed, today=today, years=settings.RETENTION_WINNERS_YEARS
        )
    ]
    # a decided appeal's scans and texts go RETENTION_APPEALS_YEARS after the decision.
    appeals_due = [
        pk
        for pk, decided_on in selectors.appeals_with_files()
        if rules.appeal_files_due(decided_on=decided_on, today=today, years=settings.RETENTION_APPEALS_YEARS)
    ]
    # A winner not appointed is, once that period after the list passed, an unsuccessful candidate: the files
    # of the application's documents go too (kept until then for R-29's check of the originals).
    purge += [a for _pk, a in winners_due if a not in purge]
    alert_cutoff = now - dt.timedelta(days=settings.RETENTION_UNCONFIRMED_ALERT_DAYS)
    with transaction.atomic():
        documents_deleted = applications_documents_purge(application_ids=purge)
        decision_files_delete(application_ids=anonymise)
        anonymised = applications_anonymise(application_ids=anonymise)["submissions_anonymised"]
        candidates_anonymised = candidates_anonymise(application_ids=anonymise)
        after_results = {
            **winners_anonymise(winner_ids=[pk for pk, _a in winners_due]),
            **appointments_anonymise(
                application_ids=set(a for _pk, a in winners_due) - selectors.standing_appointments()
            ),
            **appeals_anonymise(appeal_ids=appeals_due),
        }
        alerts_deleted = alerts_expire(created_before=alert_cutoff, unsubscribed_before=alert_cutoff)
        run = RetentionRun.objects.create(
            documents_deleted=documents_deleted,
            applications_anonymised=anonymised,
            alerts_deleted=alerts_deleted,
            details={
                "settings": {
                    "RETENTION_DOCUMENTS_YEARS": settings.RETENTION_DOCUMENTS_YEARS,
                    "RETENTION_APPLICATIONS_YEARS": settings.RETENTION_APPLICATIONS_YEARS,
                    "RETENTION_UNCONFIRMED_ALERT_DAYS": settings.RETENTION_UNCONFIRMED_ALERT_DAYS,
                    "RETENTION_WINNERS_YEARS": settings.RETENTION_WINNERS_YEARS,
                    "RETENTION_APPEALS_YEARS": settings.RETENTION_APPEALS_YEARS,
                },
                "applications_purged": sorted(purge),
                "applications_anonymised": sorted(anonymise),
                "candidates_anonymised": candidates_anonymised,
                "applications_kept_for_an_appeal": sorted(appealed),
                "winners_anonymised": sorted(pk for pk, _a in winners_due),
                "appeals_anonymised": sorted(appeals_due),
                "after_the_results": after_results,
            },
        )
        audit_log(
            actor="system",
            action="privacy.retention_applied",
            obj=run,
            data={
                "documents_deleted": documents_deleted,
                "applications_anonymised": anonymised,
                "alerts_deleted": alerts_deleted,
                **after_results,
            },
        )
    return run
