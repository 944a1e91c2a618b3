from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    """After the results: winners choose positions and are invited (R-26), the winners list (R-26.7, R-26.8),
    final verification of originals (R-29) and the appointment act with its reporting deadline (R-30)."""

    name = "appointments"
    verbose_name = _("Appointments")
