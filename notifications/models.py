from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class StoredEmail(models.Model):
    """An e-mail as the demo's mail backend kept it, instead of sending it (DEMO_MAILBOX)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    from_email = models.CharField(_("from e-mail"), max_length=255)
    to = models.TextField(_("to"), help_text=_("Comma-separated recipients"))
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    # The outbox row this e-mail delivered (none for allauth's account e-mails): the mailbox shows the message
    # in the reader's language from it.
    message = models.ForeignKey(
        "Message",
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stored e-mail")
        verbose_name_plural = _("stored e-mails")

    def __str__(self):
        return f"{self.to}: {self.subject}"

    @property
    def shown_subject(self) -> str:
        return self.message.shown_subject if self.message_id and self.message else self.subject

    @property
    def shown_body(self) -> str:
        return self.message.shown_body if self.message_id and self.message else self.body


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    # Claimed by a worker until lease_until: the SMTP conversation runs outside any transaction; a worker that
    # dies leaves it here and the sweep takes it again once the lease has expired (at least once).
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    # Not delivered over the whole retry period (OUTBOX_RETRY_DAYS): listed in the admin, which re-sends it.
    FAILED = "failed", _("Failed")


class Message(models.Model):
    """The outbox: every message to a person is a row written in the same transaction as the change it
    reports. A Celery task delivers it (e-mail and the in-site inbox); a periodic sweep delivers whatever
    is still pending, so a broker outage delays a message but never loses it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10)
    kind = models.CharField(_("kind"), max_length=100)
    # In the recipient's language: what the e-mail says.
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    # The template it was rendered from, and its rendering in every language of the site ({"en": [subject,
    # body]}), made when it was written: the inbox and the mailbox show a message in the reader's current
    # language, saying what was true when it was sent (rendering it again later from the live rows would
    # change its content).
    template = models.CharField(_("template"), max_length=100, blank=True)
    renderings = models.JSONField(_("renderings"), default=dict, blank=True)
    # Optional attachment kept in private storage (e.g. a receipt PDF).
    attachment_path = models.CharField(_("attachment path"), max_length=500, blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    # Makes enqueueing idempotent: the same step never tells the same person twice.
    dedupe_key = models.CharField(_("dedupe key"), max_length=255, null=True, blank=True, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    # Counted when an attempt is claimed (committed before the SMTP conversation), so a crashed attempt
    # counts.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # The next attempt after a failure (back-off), and how long a worker's claim on a sending row lasts.
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    # The retry period counts from here (a re-send from the admin starts a new one), else from created_at.
    retry_since = models.DateTimeField(_("retrying since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            # The sweep's query: pending messages, oldest first (a small partial index).
            models.Index(fields=["created_at"], name="outbox_pending", condition=models.Q(status="pending")),
            # The sweep's second query: claims whose worker died (lease expired); and the admin's failed list.
            models.Index(fields=["lease_until"], name="outbox_sending", condition=models.Q(status="sending")),
            models.Index(fields=["recipient", "-created_at"], name="inbox_by_recipient"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.email} ({self.status})"

    @property
    def message_id(self) -> str:
        """The e-mail's Message-ID, fixed by the row: every attempt to send it carries the same one, so a copy
        sent twice (a worker that died between sending and recording it) is recognisable as the same
        e-mail."""
        domain = (
            settings.EMAIL_MESSAGE_ID_DOMAIN or settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
        )
        return f"<outbox-{self.pk}@{domain}>"

    def in_language(self, language: str | None = None) -> tuple[str, str]:
        """(subject, body) in ``language`` (default: the active one), else as sent."""
        language = language or translation.get_language() or ""
        subject_body = self.renderings.get(language) or self.renderings.get(language.split("-")[0])
        return tuple(subject_body) if subject_body else (self.subject, self.body)

    @property
    def shown_subject(self) -> str:
        return self.in_language()[0]

    @property
    def shown_body(self) -> str:
        return self.in_language()[1]


class NoticeRun(models.Model):
    """Issue 13: one mass notice (a shortlist's decisions to every candidate, an extension to every
    applicant), written by a task after the commit of the change it reports, not in HR's request. The change
    commits with this row and the number of notices to write (``total``); the task
    (``notifications.tasks.write_notice_run``) asks the registered ``source`` for the notices
    (``register_notice_source``) and writes them in batches,
    each batch with ``written`` in one transaction, so HR's page shows "Notices written: n of N" and a worker
    that dies leaves an exact count. Running it again writes nothing twice (each notice's dedupe key); the
    outbox's sweep asks again for a run that stopped progressing (``notice_runs_resume``)."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    source = models.CharField(_("source"), max_length=100)
    args = models.JSONField(_("arguments"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("notices to write"))
    written = models.PositiveIntegerField(_("notices written"), default=0)
    created_at = models.DateTimeField(_("created at"))
    progress_at = models.DateTimeField(_("last progress at"))
    done_at = models.DateTimeField(_("notices all written at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mass notice")
        verbose_name_plural = _("mass notices")
        indexes = [
            # The resume's query: the runs not done yet (a small partial index).
            models.Index(fields=["progress_at"], name="notice_run_open", condition=models.Q(done_at=None)),
        ]

    def __str__(self):
        return f"{self.key}: {self.written} / {self.total}"
