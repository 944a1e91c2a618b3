from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProbationConfig(AppConfig):
    """The probation period after an appointment (R-33 … R-39): suspensions, the mentor, the evaluation
    clocks, extension, and confirmation or termination."""

    name = "probation"
    verbose_name = _("Probation")

    def ready(self):
        # The imports below stay in ready(): an app's models, and every module that imports them, load only
        # once the app registry is ready (Django's AppConfig contract), not when apps.py is read.
        from recruitment.lib import due_items, later_steps

        from .providers import due_probation_items, probation_steps

        due_items.register(due_probation_items)

        due_items.register_page("probation:list", _("Probations"))
        from winners.providers import has_winner

        # A probation follows an appointment of a winner: asked only about an application with a winner.
        later_steps.register(probation_steps, probe=has_winner)
