"""Admin pieces every app uses (no app imported here: the related models are read from the fields)."""

from recruitment.permissions import hr_institution_ids, is_hr_of


class ReadOnlyMixin:
    """An admin (or inline) that shows rows and never adds, changes or deletes them: records written only by
    the services (submissions, draws, declarations, ...)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInlineMixin(ReadOnlyMixin):
    """A read-only inline inside an admin that already decides who sees the parent (e.g. vacancies.admin's
    HrScopedMixin): the rows are shown to whoever sees the parent, since HR users hold no Django model
    permissions. Never put it on a ModelAdmin: it would show the rows to every staff user."""

    def has_view_permission(self, request, obj=None):
        return True


class HrModuleMixin:
    """The admin module is shown to superusers and to HR of some institution. Access follows the HR role of
    the institution (recruitment.permissions), not Django's model permissions: one source of truth for who is
    HR where."""

    def _hr(self, request):
        return request.user.is_active and (
            request.user.is_superuser or bool(hr_institution_ids(request.user))
        )

    def has_module_permission(self, request):
        return self._hr(request)


class HrScopedMixin(HrModuleMixin):
    """Limit every list and object to the institutions whose HR unit the user belongs to."""

    institution_path = "institution"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.institution_path}__in": hr_institution_ids(request.user)})

    def _institution_id(self, obj):
        for part in self.institution_path.split("__"):
            obj = getattr(obj, part)
        return obj.pk

    def _editable(self, request, obj):
        return obj is None or request.user.is_superuser or is_hr_of(request.user, self._institution_id(obj))

    def has_view_permission(self, request, obj=None):
        return self._hr(request) and self._editable(request, obj)

    def has_add_permission(self, request, *args):
        return self._hr(request)

    def has_change_permission(self, request, obj=None):
        return self._hr(request) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._hr(request) and self._editable(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The related model is read from the field (vacancies' Institution and Announcement), so this module
        # imports no app; "draft" is vacancies.choices.AnnouncementStatus.DRAFT.
        if db_field.name == "institution" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(
                pk__in=hr_institution_ids(request.user)
            )
        if db_field.name == "announcement" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(
                institution__in=hr_institution_ids(request.user), status="draft"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
