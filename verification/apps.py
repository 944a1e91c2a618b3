from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Preliminary verification (R-18)")

    def ready(self):
        # The imports below stay in ready(): an app's models, and every module that imports them, load only
        # once the app registry is ready (Django's AppConfig contract), not when apps.py is read.
        # The applicant's pages (applications, below) show the verification's outcome and serve the decision
        # told.
        from recruitment.lib import outcomes

        from . import pdf, selectors

        outcomes.register(
            outcomes.Provider(
                attach=selectors.attach_outcomes,
                told_decision=selectors.told_decision,
                decision_pdf=lambda review: pdf.decision_ensure(review, review.decision),
                annotation=selectors.outcome_told,
            )
        )

        # The reasoned decision e-mailed to a rejected candidate is rendered by whoever
        # delivers the message (a worker), as applications' receipts are: see pdf.decision_ensure_for_message.
        from notifications.services import register_attachment_builder

        from .pdf import DECISION_MESSAGE_KINDS, decision_ensure_for_message

        for kind in DECISION_MESSAGE_KINDS:
            register_attachment_builder(kind, decision_ensure_for_message)

        # Issue 13: the candidates' notices of a shortlist's publication and of an extension are written by a
        # task after the commit (notifications.services.notice_run_write), from these builders.
        from notifications.services import register_notice_source

        from . import closing, services

        register_notice_source(services.SHORTLIST_NOTICES, services.shortlist_notice_items)
        register_notice_source(closing.EXTENSION_NOTICES, closing.extension_notice_items)

        # The public shortlist is served from a cache until it changes: its publication, an exclusion
        # of a candidate on it (recruitment/lib/public_cache.py).
        from recruitment.lib.public_cache import bump_on_save

        from .models import Review, Shortlist

        bump_on_save(Shortlist)
        bump_on_save(Review, when=lambda review: review.shortlist_rank is not None)

        # The shortlist's PDF is rendered by a worker at its publication and at each later exclusion (a new
        # version), in every language (recruitment/lib/pdf_files.py).
        from django.db.models.signals import post_save

        def on_shortlist(sender, instance, **kwargs):
            from recruitment.lib.pdf_files import prerender

            from .tasks import shortlist_pdf_render

            prerender(
                f"shortlist:{instance.position_id}",
                lambda language: shortlist_pdf_render.delay(instance.position_id, language),
            )

        post_save.connect(on_shortlist, sender=Shortlist, weak=False, dispatch_uid="shortlist-pdf")
