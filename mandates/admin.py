from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from recruitment.admin_mixins import HrScopedMixin, ReadOnlyMixin

from .models import Mandate


@admin.register(Mandate)
class MandateAdmin(ReadOnlyMixin, HrScopedMixin, admin.ModelAdmin):
    """Read-only: every change goes through HR's mandate pages (mandates.services)."""

    list_display = ["holder", "institution", "starts_on", "state", "page"]
    list_filter = ["state"]

    @admin.display(description=_("page"))
    def page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("mandates:detail", args=[obj.pk]), _("Open the mandate")
        )
