"""The admin site: every ModelAdmin registered on it deletes through audit.deletion.object_delete.

Deletes reach the database from three places of a ModelAdmin: delete_model (the delete page),
delete_queryset (the "delete selected" action) and the inline formsets of a change page (their "delete"
boxes). The mixin routes all three to the service; a refusal becomes a message, never a half-delete.
"""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect

from .deletion import object_delete


def _delete_selected_atomically(modeladmin, request, queryset):
    """Django's own action (its confirmation page, its permission checks), with the deletes of every selected
    object and the admin's log of them in one transaction: one refusal deletes none."""
    with transaction.atomic():
        return delete_selected(modeladmin, request, queryset)


class AuditedDeleteMixin:
    def delete_model(self, request, obj):
        object_delete(
            actor=request.user, obj=obj, may_delete=lambda locked: self.has_delete_permission(request, locked)
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:  # a guard refused (PermissionDenied stays a 403)
            return self._refused(request, exc)

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except ValidationError as exc:  # a guard refused the "delete selected" action
            return self._refused(request, exc)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:  # an inline row whose delete was refused (the whole save rolled back)
            return self._refused(request, exc)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _, name, description = actions["delete_selected"]
            actions["delete_selected"] = (_delete_selected_atomically, name, description)
        return actions

    def _refused(self, request, exc):
        if request.method != "POST":
            raise exc
        self.message_user(request, " ".join(exc.messages), messages.ERROR)
        return HttpResponseRedirect(request.path)

    def save_formset(self, request, form, formset, change):
        parent_admin = self

        def delete_existing(obj, commit=True):
            if commit:
                inline = next(
                    (
                        i
                        for i in parent_admin.get_inline_instances(request, form.instance)
                        if i.model is type(obj)
                    ),
                    None,
                )
                object_delete(
                    actor=request.user,
                    obj=obj,
                    may_delete=lambda locked: (
                        inline is not None and inline.has_delete_permission(request, form.instance)
                    ),
                )

        formset.delete_existing = delete_existing
        super().save_formset(request, form, formset, change)


class AuditedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedDeleteMixin):
            admin_class = type(
                admin_class.__name__,
                (AuditedDeleteMixin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        super().register(model_or_iterable, admin_class, **options)
