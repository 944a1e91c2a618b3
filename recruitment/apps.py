from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment portal")

    def ready(self):
        # Registers the Albanian collation on every new SQLite connection (the admin's lists of people).
        from . import collation  # noqa: F401
