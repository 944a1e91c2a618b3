from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Admission committees")

    def ready(self):
        # The imports below stay in ready(): an app's models, and every module that imports them, load only
        # once the app registry is ready (Django's AppConfig contract), not when apps.py is read.
        # Committee members see candidates' data: they sign in with a second factor like staff
        # (recruitment.middleware). Observers see schedules, not candidates' data.
        from recruitment import permissions

        from . import roles

        # The seats and observers that recruitment.permissions checks are read from this app's tables.
        roles.register()
        permissions.register_second_factor_rule(permissions.is_committee_member)
