from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Preliminary verification (R-18)")

    def ready(self):
        # The reasoned decision e-mailed to a rejected candidate is rendered by whoever
        # delivers the message (a worker), as applications' receipts are: see pdf.decision_ensure_for_message.
        from notifications.services import register_attachment_builder

        from .pdf import DECISION_MESSAGE_KINDS, decision_ensure_for_message

        for kind in DECISION_MESSAGE_KINDS:
            register_attachment_builder(kind, decision_ensure_for_message)
