from django.contrib import admin

from .models import RetentionRun


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    """The retention schedule's reports: read only (the beat writes them)."""

    list_display = ("ran_at", "documents_deleted", "applications_anonymised", "alerts_deleted")
    readonly_fields = ("ran_at", "documents_deleted", "applications_anonymised", "alerts_deleted", "details")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
