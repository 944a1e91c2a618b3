from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        # The imports below stay in ready(): an app's models, and every module that imports them, load only
        # once the app registry is ready (Django's AppConfig contract), not when apps.py is read.
        # The receipt e-mailed with "application received" is rendered by whoever delivers the
        # message (a worker), not in the submit request: see receipts.receipt_ensure_for_message.
        from notifications.services import register_attachment_builder

        from .receipts import RECEIPT_MESSAGE_KIND, receipt_ensure_for_message

        register_attachment_builder(RECEIPT_MESSAGE_KIND, receipt_ensure_for_message)
