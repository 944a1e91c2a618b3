from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = _("Vacancies")

    def ready(self):
        # The imports below stay in ready(): an app's models, and every module that imports them, load only
        # once the app registry is ready (Django's AppConfig contract), not when apps.py is read.
        # The HR and leader roles that recruitment.permissions checks are read from this app's table.
        from . import roles

        roles.register()

        # The public pages (home, lists, announcements) are served from a cache until what they show changes:
        # publication, amendment, closing, extension (recruitment/lib/public_cache.py).
        from recruitment.lib.public_cache import bump_on_save

        from .models import PUBLIC_CONTENT, Amendment, Announcement, Position

        bump_on_save(*PUBLIC_CONTENT)

        # The announcement's PDF is rendered by a worker once its content is fixed: at publication, at each
        # amendment, extension or closing of a position (recruitment/lib/pdf_files.py).
        from django.db.models.signals import post_save

        def announcement_fixed(announcement_id):
            from recruitment.lib.pdf_files import prerender

            from .tasks import announcement_pdf_render

            prerender(
                f"announcement:{announcement_id}",
                lambda language: announcement_pdf_render.delay(announcement_id, language),
            )

        def on_announcement(sender, instance, **kwargs):
            if instance.status != "draft":
                announcement_fixed(instance.pk)

        def on_part(sender, instance, **kwargs):
            announcement_fixed(instance.announcement_id)

        post_save.connect(on_announcement, sender=Announcement, weak=False, dispatch_uid="announcement-pdf")
        post_save.connect(on_part, sender=Amendment, weak=False, dispatch_uid="amendment-pdf")
        post_save.connect(on_part, sender=Position, weak=False, dispatch_uid="position-pdf")
