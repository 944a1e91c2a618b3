"""The final verifications and appointments in the admin, read-only for HR of the institution: every change
goes through the services and the pages (appointments/views.py), which audit and notify."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from recruitment.admin_mixins import HrScopedMixin, ReadOnlyInlineMixin, ReadOnlyMixin

from .models import Appointment, FinalVerification, OriginalCheck

_INSTITUTION = "winner__winners_list__position__announcement__institution"


class _ReadOnly(ReadOnlyMixin, HrScopedMixin, admin.ModelAdmin):
    institution_path = _INSTITUTION

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


class OriginalCheckInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = OriginalCheck
    fields = ("label", "kind", "result", "reason", "checked_at")
    readonly_fields = fields
    extra = 0


@admin.register(FinalVerification)
class FinalVerificationAdmin(_ReadOnly):
    list_display = ("winner", "state", "started_at", "decided_at", "page_link")
    list_filter = ("state",)
    list_select_related = (_INSTITUTION,)
    inlines = [OriginalCheckInline]

    @admin.display(description=_("page"))
    def page_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("appointments:verification", args=[obj.winner_id]),
            _("Final verification"),
        )


@admin.register(Appointment)
class AppointmentAdmin(_ReadOnly):
    list_display = (
        "act_number",
        "act_date",
        "post",
        "state",
        "report_by",
        "report_by_extended",
        "reported_on",
        "page_link",
    )
    list_filter = ("state", "extension_state")
    list_select_related = ("post", _INSTITUTION)

    @admin.display(description=_("page"))
    def page_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("appointments:appointment", args=[obj.pk]), _("Appointment")
        )
