from django.contrib import admin

from .models import StoredEmail


@admin.register(StoredEmail)
class StoredEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject")
    search_fields = ("to", "subject")
    readonly_fields = ("created_at", "from_email", "to", "subject", "body", "html_body")
