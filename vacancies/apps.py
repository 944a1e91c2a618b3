from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = _("Vacancies")

    def ready(self):
        # The public pages (home, lists, announcements) are served from a cache until what they show changes:
        # publication, amendment, closing, extension (recruitment/lib/public_cache.py).
        from recruitment.lib.public_cache import bump_on_save

        from .models import (
            Amendment,
            Announcement,
            Institution,
            Position,
            PositionPlace,
            RequiredDocument,
            Requirement,
        )

        bump_on_save(Institution, Announcement, Position, PositionPlace, Requirement, RequiredDocument, Amendment)
