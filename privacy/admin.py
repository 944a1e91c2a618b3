from django.contrib import admin

from recruitment.admin_mixins import ReadOnlyMixin

from .models import RetentionRun


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The retention schedule's reports: read only (the beat writes them)."""

    list_display = ("ran_at", "documents_deleted", "applications_anonymised", "alerts_deleted")
    readonly_fields = ("ran_at", "documents_deleted", "applications_anonymised", "alerts_deleted", "details")

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
