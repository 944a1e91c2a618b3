"""Read-only view of evaluations for superusers. Nothing is changed here: every change goes through the committee's
pages (services.py). Candidates and answers are not shown, so the admin cannot break the anonymity of R-20.3."""

from django.contrib import admin

from .models import Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["position", "scheme_key", "status", "sealed_at", "written_locked_at"]
    list_filter = ["status", "scheme_key"]
    fields = ["position", "scheme_key", "category", "foreign_language", "status", "test_sha256", "sealed_at",
              "sitting_opens_at", "sitting_closes_at", "written_locked_at", "created_at"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
