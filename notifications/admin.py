from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from recruitment.admin_mixins import ReadOnlyMixin
from recruitment.permissions import hr_institution_ids

from .models import Message, MessageStatus, StoredEmail
from .services import message_resend, messages_visible_to


@admin.register(StoredEmail)
class StoredEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject")
    search_fields = ("to", "subject")
    readonly_fields = ("created_at", "from_email", "to", "subject", "body", "html_body")


@admin.register(Message)
class MessageAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The outbox for the operator: what is waiting, sending, sent or failed (filter "Failed": every message
    not delivered over the retry period), and a re-send of the failed ones (an audited service)."""

    list_display = (
        "created_at",
        "kind",
        "email",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error_short",
    )
    list_filter = ("status", "kind")
    search_fields = ("email", "subject")
    date_hierarchy = "created_at"
    fields = (
        "recipient",
        "email",
        "language",
        "kind",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "lease_until",
        "retry_since",
        "created_at",
        "sent_at",
        "attachment_name",
    )
    readonly_fields = fields
    actions = ["resend"]

    def get_queryset(self, request):
        visible = messages_visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=visible).defer("renderings")

    # The operator sees every message, HR those of people who applied to its institution (services.HR_SCOPE).
    def _sees(self, request) -> bool:
        user = request.user
        return user.is_active and (
            user.is_superuser or user.has_perm("notifications.view_message") or bool(hr_institution_ids(user))
        )

    def has_module_permission(self, request):
        return self._sees(request)

    def has_view_permission(self, request, obj=None):
        return self._sees(request) and (
            obj is None or messages_visible_to(request.user).filter(pk=obj.pk).exists()
        )

    @admin.display(description=_("last error"))
    def last_error_short(self, obj):
        return obj.last_error[:80]

    def has_resend_permission(self, request):
        return self._sees(request)  # the service checks each message (may_resend)

    @admin.action(
        description=_("Send the failed messages again (a new retry period)"), permissions=["resend"]
    )
    def resend(self, request, queryset):
        count = sum(
            1
            for message in queryset.filter(status=MessageStatus.FAILED)
            if message_resend(message=message, actor=request.user)
        )
        self.message_user(
            request,
            ngettext("%(n)d message is back in the outbox.", "%(n)d messages are back in the outbox.", count)
            % {"n": count},
            messages.SUCCESS if count else messages.WARNING,
        )
