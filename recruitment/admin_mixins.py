"""Admin pieces every app uses."""


class ReadOnlyMixin:
    """An admin (or inline) that shows rows and never adds, changes or deletes them: records written only by the
    services (submissions, draws, declarations, ...)."""

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
