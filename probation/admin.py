from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from recruitment.admin_mixins import HrScopedMixin, ReadOnlyMixin

from .models import Probation


@admin.register(Probation)
class ProbationAdmin(ReadOnlyMixin, HrScopedMixin, admin.ModelAdmin):
    """Read-only: every change goes through HR's probation pages (probation.services)."""

    list_display = ["employee", "institution", "act_date", "state", "page"]
    list_filter = ["state"]

    @admin.display(description=_("page"))
    def page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("probation:detail", args=[obj.pk]), _("Open the probation")
        )
