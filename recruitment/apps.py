from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = "Recruitment portal"

    def ready(self):
        # Registers the Albanian collation on every new SQLite connection (the admin's lists of people).
        from . import collation  # noqa: F401
