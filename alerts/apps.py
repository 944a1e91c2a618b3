from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Job alerts")

    def ready(self):
        # The imports below stay in ready(): an app's models, and every module that imports them, load only
        # once the app registry is ready (Django's AppConfig contract), not when apps.py is read.
        from notifications.services import register_headers_builder

        from .services import ALERT_KIND, unsubscribe_headers

        # RFC 8058: every alert e-mail carries its one-click unsubscribe link.
        register_headers_builder(ALERT_KIND, unsubscribe_headers)
