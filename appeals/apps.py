from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    """Appeals to KPMSHCK (R-32) and against a probation decision (R-40): recorded, decided, and what a
    decision re-opens."""

    name = "appeals"
    verbose_name = _("Appeals")

    def ready(self):
        # The imports below stay in ready(): an app's models, and every module that imports them, load only
        # once the app registry is ready (Django's AppConfig contract), not when apps.py is read.
        from recruitment.lib import due_items, later_steps

        from . import providers

        later_steps.register(providers.later_steps, reads=providers.READS)
        due_items.register(providers.due_items)
        due_items.register_page("appeals:hr_list", _("Appeals to KPMSHCK"))
