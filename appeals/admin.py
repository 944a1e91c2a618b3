"""Appeals in the admin: read-only (appeals.services is the only writer); HR of the institution sees its own
and is sent to the appeal's page to record a decision."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from recruitment.admin_mixins import HrScopedMixin, ReadOnlyMixin

from .models import Appeal


@admin.register(Appeal)
class AppealAdmin(ReadOnlyMixin, HrScopedMixin, admin.ModelAdmin):
    institution_path = "institution"
    list_display = (
        "appeal",
        "kind",
        "appellant",
        "position",
        "filed_on",
        "last_day",
        "state",
        "decision",
        "page",
    )
    list_filter = ("kind", "state", "decision")
    list_select_related = ("appellant", "application__position", "institution")
    date_hierarchy = "filed_on"
    search_fields = ("application__submissions__reference", "appellant__email")
    readonly_fields = [f.name for f in Appeal._meta.fields] + ["page"]

    @admin.display(description=_("appeal"), ordering="filed_on")
    def appeal(self, obj):
        return str(obj)

    @admin.display(description=_("position"))
    def position(self, obj):
        return obj.application.position

    @admin.display(description=_("page"))
    def page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("appeals:hr_detail", args=[obj.pk]), _("Open the appeal")
        )
