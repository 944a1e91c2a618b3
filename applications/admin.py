"""Read-only views of applications for HR of the position's institution (and superusers).

Nothing is changed here: every change of an application goes through services.py (the applicant's
pages, or HR's assisted application, R-12.1). The preliminary verification (R-18) will add its own
actions. Drafts are the applicant's own and are not listed, except those HR prepares (assisted)."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from recruitment.admin_mixins import HrModuleMixin, ReadOnlyMixin
from recruitment.collation import AlbanianOrder, albanian_name_order
from recruitment.permissions import hr_institution_ids

from .models import Application, ApplicationDocument, ApplicationStatus, ApplicationSubmission

PROFILE = "applicant__applicant_profile__"


class SubmissionInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationSubmission
    fields = ("number", "reference", "submitted_at", "assisted", "withdrawn_at")
    readonly_fields = fields
    extra = 0


class DocumentInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationDocument
    fields = ("slot", "label", "content_type", "size", "sha256", "uploaded_at", "removed_at")
    readonly_fields = fields
    extra = 0


@admin.register(Application)
class ApplicationAdmin(ReadOnlyMixin, HrModuleMixin, admin.ModelAdmin):
    list_display = ("id", "candidate", "applicant", "position", "status", "assisted", "updated_at")
    list_filter = ("status", "assisted")
    search_fields = ("applicant__email", "last_submission__reference", "position__code")
    list_select_related = ("applicant__applicant_profile", "position", "last_submission")
    readonly_fields = (
        "applicant",
        "position",
        "place",
        "status",
        "language",
        "assisted",
        "assisted_by",
        "last_submission",
        "created_at",
        "updated_at",
    )
    inlines = [SubmissionInline, DocumentInline]

    def get_ordering(self, request):
        # One Albanian alphabetical order for every list of people, the shortlist's: Çeku after Cana.
        return ["position", *albanian_name_order(f"{PROFILE}last_name", f"{PROFILE}first_name", "id")]

    @admin.display(description=_("candidate"), ordering=AlbanianOrder(f"{PROFILE}last_name"))
    def candidate(self, obj):
        profile = getattr(obj.applicant, "applicant_profile", None)
        return (profile.full_name if profile else "") or obj.applicant.get_full_name() or "—"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(position__announcement__institution__in=hr_institution_ids(request.user)).filter(
            Q(assisted=True) | Q(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN])
        )

    def has_view_permission(self, request, obj=None):
        return self._hr(request) and (obj is None or self.get_queryset(request).filter(pk=obj.pk).exists())
