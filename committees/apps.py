from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Admission committees")

    def ready(self):
        # Committee members see candidates' data: they sign in with a second factor like staff
        # (recruitment.middleware). Observers see schedules, not candidates' data.
        from recruitment import permissions

        register = getattr(permissions, "register_second_factor_rule", None)
        if register is not None:
            register(permissions.is_committee_member)
