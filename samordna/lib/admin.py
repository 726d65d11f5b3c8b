"""The Django admin writes through the service mechanism: every saving POST of an admin page is one
named action ("admin.<model>.<verb>"), so its writes are guarded, attributed and in the Händelselogg."""

from contextlib import nullcontext

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samordna.lib import services


def _forbund_of(obj):
    from samordna.organisations.models import Forbund

    if isinstance(obj, Forbund):
        return obj if obj.pk else None
    return getattr(obj, "forbund", None) if getattr(obj, "forbund_id", None) else None


class ServiceAdminMixin:
    """Wraps the admin's writing views in one action; the object is named once it is known."""

    def _action(self, request, verb, object_id=None):
        if request.method != "POST":
            return nullcontext()
        obj = self.get_object(request, object_id) if object_id else None
        name = f"admin.{self.model._meta.model_name}.{verb}"
        return services.action(name, user=request.user, forbund=_forbund_of(obj) if obj else None, obj=obj,
                               source="admin")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with self._action(request, "changed" if object_id else "added", object_id):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with self._action(request, "deleted", object_id):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        with self._action(request, "bulk"):
            return super().changelist_view(request, extra_context)

    def get_readonly_fields(self, request, obj=None):
        # A row under another (an item under its meeting) has its parent's förbund: shown, not asked for.
        fields = tuple(super().get_readonly_fields(request, obj))
        if getattr(self.model, "forbund_parent", None) and "forbund" not in fields:
            fields += ("forbund",)
        return fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record = services.current_action()
        if record is not None and not record.object_id:
            services.set_object(record, obj)
            record.forbund = _forbund_of(obj)


class ServiceHistoryAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin (history and revert) writing through the service mechanism."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        with self._action(request, "reverted", object_id):
            return super().history_form_view(request, object_id, version_id, extra_context)


class OwnedInline(admin.TabularInline):
    """An inline of `ForbundOwned` rows (samordna/lib/models.py): the förbund is the parent's, taken from it
    on save, so the form does not ask for it."""

    extra = 0
    exclude = ["forbund"]
