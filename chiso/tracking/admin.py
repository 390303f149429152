from django.contrib import admin

from chiso.tracking.models import FailedEmail


@admin.register(FailedEmail)
class FailedEmailAdmin(admin.ModelAdmin):
    """Read-only list of e-mails that could not be sent, newest first."""

    list_display = ["created_at", "subject", "recipients", "error"]
    search_fields = ["subject", "recipients", "error"]
    readonly_fields = ["created_at", "subject", "recipients", "body", "error"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
