from django.core.mail.backends.base import BaseEmailBackend

from .models import Message, StoredEmail
from .services import MESSAGE_HEADER


class DatabaseEmailBackend(BaseEmailBackend):
    """Keeps each message in the database, where the demo mailbox page shows it."""

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []) or []:
                if mimetype == "text/html":
                    html = content
            message_id = str((getattr(message, "extra_headers", None) or {}).get(MESSAGE_HEADER, ""))
            StoredEmail.objects.create(
                message=Message.objects.filter(pk=int(message_id)).first() if message_id.isdigit() else None,
                from_email=message.from_email or "",
                to=", ".join(message.recipients()),
                subject=message.subject,
                body=message.body,
                html_body=html,
            )
            sent += 1
        return sent
