from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    """Management mandates (R-31): four years from the appointment, one renewal without competition, and what
    follows at the end."""

    name = "mandates"
    verbose_name = _("Management mandates")
