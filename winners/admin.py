"""The winners' tables in the admin, read-only for HR of the institution: every change goes through the
services and the pages (winners/views.py), which audit and notify."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from recruitment.admin_mixins import HrScopedMixin, ReadOnlyMixin

from .models import Invitation, Post, Winner, WinnersList


class _ReadOnly(ReadOnlyMixin, HrScopedMixin, admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(WinnersList)
class WinnersListAdmin(_ReadOnly):
    institution_path = "position__announcement__institution"
    list_display = ("position", "job_group", "published_on", "valid_until", "state", "page_link")
    list_filter = ("state",)
    list_select_related = ("position__announcement__institution", "job_group", "result")

    @admin.display(description=_("page"))
    def page_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("winners:hr_list", args=[obj.result.evaluation_id]),
            _("Winners list"),
        )


@admin.register(Post)
class PostAdmin(_ReadOnly):
    institution_path = "position__announcement__institution"
    list_display = ("post", "position", "job_group", "state", "available_from")
    list_filter = ("state",)
    list_select_related = ("position__announcement__institution", "job_group")

    @admin.display(description=_("post"))
    def post(self, obj):
        return str(obj)


@admin.register(Winner)
class WinnerAdmin(_ReadOnly):
    institution_path = "winners_list__position__announcement__institution"
    list_display = ("rank", "application", "winners_list", "state", "post")
    list_filter = ("state",)
    list_select_related = ("winners_list__position__announcement__institution", "application", "post")


@admin.register(Invitation)
class InvitationAdmin(_ReadOnly):
    institution_path = "winner__winners_list__position__announcement__institution"
    list_display = ("winner", "invited_at", "respond_by", "outcome", "post")
    list_filter = ("outcome",)
    list_select_related = ("winner__winners_list__position__announcement__institution", "post")
