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
