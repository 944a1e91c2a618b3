from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    """Appeals to KPMSHCK (R-32) and against a probation decision (R-40): recorded, decided, and what a decision
    re-opens."""

    name = "appeals"
    verbose_name = _("Appeals")
