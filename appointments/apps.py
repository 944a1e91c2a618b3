from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    """After the winners consented: the final verification of originals (R-29) and the appointment act with
    its reporting deadline (R-30); HR's "Due this week" page over every app's due items."""

    name = "appointments"
    verbose_name = _("Appointments")

    def ready(self):
        # The imports below stay in ready(): an app's models, and every module that imports them, load only
        # once the app registry is ready (Django's AppConfig contract), not when apps.py is read.
        from notifications.services import register_attachment_builder
        from recruitment.lib import due_items, later_steps

        from . import selectors
        from .pdf import act_ensure_for_message
        from .services import ACT_MESSAGE_KIND

        # The act is attached to the appointee's message and rendered by the worker that delivers it.
        register_attachment_builder(ACT_MESSAGE_KIND, act_ensure_for_message)
        from winners.providers import has_winner

        # A final verification and an appointment follow a place on a winners list: asked only then.
        later_steps.register(selectors.later_steps, probe=has_winner)
        due_items.register(selectors.due_items)
        due_items.register_page("appointments:hr_list", _("Verification of originals and appointment"))
