from django.contrib import admin

from samordna.audit.models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by the services, never edited."""

    list_display = ("when", "user_label", "forbund", "name", "object_repr", "source")
    list_filter = ("name", "source")
    search_fields = ("object_repr", "summary", "user_label")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
