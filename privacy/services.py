"""The data subject's rights and the retention schedule (Law No. 06/L-082): export, erasure by anonymisation,
and the scheduled deletion. Each change is one transaction with its audit event.

These services write rows of the apps below (applications, notifications, alerts, accounts) for one purpose only:
to delete or anonymise personal data. Published lists (the shortlist, R-18.4; the qualified list, R-25.2) and
the audit chain are public or legal records and stay as they are; the audit chain's actor is left to the audit app
(a pseudonymous actor is its task), so nothing here ever touches an event.
"""

import io
import json
import zipfile

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alerts.models import AlertSubscription, SubscriptionStatus
from applications.models import ApplicantProfile, Application, ApplicationDocument, ApplicationSubmission
from audit.services import audit_log
from notifications.models import Message, StoredEmail
from verification.models import Decision, Review
from verification.pdf import decision_path

from . import rules, selectors
from .models import RetentionRun


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
    with transaction.atomic():
        audit_log(actor=user, action="privacy.exported", object_type="auth.user", object_id=str(user.pk))
    return buffer.getvalue()


# --- Anonymising one application: shared by the erasure and the retention schedule ---------------------------


def _purge_documents(applications) -> int:
    """Deletes the files of the applications' documents (the rows stay, with their SHA-256, as the receipt lists
    them). Returns how many files were deleted; a second run deletes none."""
    storage = storages["private"]
    deleted = 0
    documents = ApplicationDocument.objects.filter(application__in=applications)
    for document in documents:
        if storage.exists(document.storage_path):
            storage.delete(document.storage_path)
            deleted += 1
    documents.filter(removed_at__isnull=True).update(removed_at=timezone.now())
    return deleted


def _delete_generated_files(applications) -> int:
    """The PDFs the portal made for the applications, which carry the person's name: each submission's receipt and
    each verification decision (verification.pdf names them by random tokens). Returns how many were deleted."""
    storage = storages["private"]
    paths = [s.receipt_path for s in ApplicationSubmission.objects.filter(application__in=applications)]
    for review in Review.objects.filter(application__in=applications):
        paths += [decision_path(review, decision) for decision in Decision.values]
    deleted = 0
    for path in paths:
        if storage.exists(path):
            storage.delete(path)
            deleted += 1
    return deleted


def _anonymise_submissions(applications) -> int:
    """Each frozen copy keeps only what the statistics count (gender, community: R-28.4), and when; the receipts
    and decisions made from it are deleted."""
    _delete_generated_files(applications)
    now = timezone.now().isoformat()
    count = 0
    for submission in ApplicationSubmission.objects.filter(application__in=applications).exclude(
            profile_snapshot__has_key="anonymised_at"):
        snapshot = submission.profile_snapshot or {}
        submission.profile_snapshot = {
            "anonymised_at": now,
            "personal": {"gender": (snapshot.get("personal") or {}).get("gender", "")},
            "equality": {"community": (snapshot.get("equality") or {}).get("community", "")},
        }
        submission.save(update_fields=["profile_snapshot"])
        count += 1
    return count


# --- Erasure ---------------------------------------------------------------------------------------------------


def erasure_refusals(*, user) -> list[tuple[str, dict]]:
    return rules.erasure_refusals(procedures=selectors.person_procedures(user), holds_office=selectors.holds_office(
        user), now=timezone.now(), appeal_days=settings.PRIVACY_APPEAL_DAYS)


def personal_data_erase(*, user) -> dict:
    """The person's right to erasure, by anonymisation: refused, with the reasons, while the law needs the data
    (a procedure under way or open to appeal; a role in an institution). Otherwise the account can no longer sign
    in and holds no name or address; the profile, alerts and e-mail addresses are deleted; the documents' files
    deleted; the applications' frozen copies anonymised; the messages' texts and address emptied. The application
    rows stay (the procedure's record) under an anonymous account, and the audit chain is untouched."""
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        reasons = erasure_refusals(user=user)
        if reasons:
            raise ErasureRefused(reasons)
        email = user.email
        applications = Application.objects.filter(applicant=user)
        counts = {
            "documents_deleted": _purge_documents(applications),
            "generated_files_deleted": _delete_generated_files(applications),
            "submissions_anonymised": _anonymise_submissions(applications),
            "alerts_deleted": AlertSubscription.objects.filter(Q(user=user) | Q(email__iexact=email or "-"))
            .delete()[0],
            "demo_mailbox_copies_deleted": StoredEmail.objects.filter(
                Q(message__recipient=user) | Q(to__iexact=email or "-")).delete()[0],
            "messages_emptied": Message.objects.filter(Q(recipient=user) | Q(email__iexact=email or "-"))
            .update(email="erased@invalid", subject="", body="", renderings={}, attachment_path="",
                    attachment_name=""),
            "profile_deleted": ApplicantProfile.objects.filter(user=user).delete()[0],
        }
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
        # After the account is anonymous, so the event names no one.
        audit_log(actor="data subject", action="privacy.erased", object_type="auth.user", object_id=str(user.pk),
                  data=counts)
    return counts


# --- The retention schedule -------------------------------------------------------------------------------------


def retention_apply(*, now=None) -> RetentionRun:
    """Carries out the retention settings once; idempotent (what was done is not done again). The run's report is
    a RetentionRun row and an audit event."""
    now = now or timezone.now()
    applications = list(Application.objects.values_list("pk", "position_id"))
    ends = selectors.procedure_ends({pid for _pk, pid in applications})
    successful = selectors.winners({pid for _pk, pid in applications})
    purge, anonymise = [], []
    for pk, position_id in applications:
        ended_at = ends.get(position_id)
        if rules.documents_due(ended_at=ended_at, successful=pk in successful, now=now,
                               years=settings.RETENTION_DOCUMENTS_YEARS):
            purge.append(pk)
        if rules.anonymisation_due(ended_at=ended_at, now=now, years=settings.RETENTION_APPLICATIONS_YEARS):
            anonymise.append(pk)
            if pk not in purge:
                purge.append(pk)  # an anonymised application keeps no file
    alert_cutoff = now - timezone.timedelta(days=settings.RETENTION_UNCONFIRMED_ALERT_DAYS)
    with transaction.atomic():
        documents_deleted = _purge_documents(Application.objects.filter(pk__in=purge))
        anonymised = _anonymise_submissions(Application.objects.filter(pk__in=anonymise))
        alerts_deleted = AlertSubscription.objects.filter(
            Q(status=SubscriptionStatus.PENDING, created_at__lt=alert_cutoff)
            | Q(status=SubscriptionStatus.UNSUBSCRIBED, unsubscribed_at__lt=alert_cutoff)).delete()[0]
        run = RetentionRun.objects.create(
            documents_deleted=documents_deleted, applications_anonymised=anonymised, alerts_deleted=alerts_deleted,
            details={"settings": {"RETENTION_DOCUMENTS_YEARS": settings.RETENTION_DOCUMENTS_YEARS,
                                  "RETENTION_APPLICATIONS_YEARS": settings.RETENTION_APPLICATIONS_YEARS,
                                  "RETENTION_UNCONFIRMED_ALERT_DAYS": settings.RETENTION_UNCONFIRMED_ALERT_DAYS},
                     "applications_purged": sorted(purge), "applications_anonymised": sorted(anonymise)})
        audit_log(actor="system", action="privacy.retention_applied", obj=run,
                  data={"documents_deleted": documents_deleted, "applications_anonymised": anonymised,
                        "alerts_deleted": alerts_deleted})
    return run
