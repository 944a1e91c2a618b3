from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    """Management mandates (R-31): four years from the appointment, one renewal without competition, and what
    follows at the end."""

    name = "mandates"
    verbose_name = _("Management mandates")

    def ready(self):
        # The imports below stay in ready(): an app's models, and every module that imports them, load only
        # once the app registry is ready (Django's AppConfig contract), not when apps.py is read.
        from recruitment.lib import due_items, later_steps

        from .providers import due_mandate_items, mandate_steps

        due_items.register(due_mandate_items)

        due_items.register_page("mandates:list", _("Management mandates"))
        from winners.providers import has_winner

        # A mandate follows an appointment of a winner: asked only about an application with a winner.
        later_steps.register(mandate_steps, probe=has_winner)
