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

        # The public shortlist is served from a cache until it changes: its publication, an exclusion of a
        # candidate on it (recruitment/lib/public_cache.py).
        from recruitment.lib.public_cache import bump_on_save

        from .models import Review, Shortlist

        bump_on_save(Shortlist)
        bump_on_save(Review, when=lambda review: review.shortlist_rank is not None)
