from itertools import pairwise

from django import forms
from django.contrib import admin

from samordna.lib import audit
from samordna.lib.admin import ServiceHistoryAdmin
from samordna.lib.services import DomainError

from . import services
from .models import Forbund, Kommun, Lan, Mandate, Member, Person


class PreconditionsForm(forms.ModelForm):
    """An admin form that refuses what the services refuse (a second Försäkringskassan, a second
    ordförande, a mandate longer than the term …), with the same message on the same field."""

    def check(self) -> None:
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            self.check()
        except DomainError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)


class MemberAdminForm(PreconditionsForm):
    def check(self):
        services.check_member(self.instance)


class MandateAdminForm(PreconditionsForm):
    def check(self):
        services.check_mandate(self.instance, self.cleaned_data.get("appointed_by"))


class MemberInline(admin.TabularInline):
    # The inline formset sets each member's förbund to the parent's (its foreign key); the form checks
    # the members' preconditions as the member pages do.
    model = Member
    form = MemberAdminForm
    fk_name = "forbund"
    extra = 0


@admin.register(Forbund)
class ForbundAdmin(ServiceHistoryAdmin):
    list_display = ["name", "slug", "organisationsnummer", "founded"]
    search_fields = ["name", "slug"]
    inlines = [MemberInline]
    object_history_list_template = "organisations/admin/history_list.html"

    def save_model(self, request, obj, form, change):
        # The ics token changes only by renewal (new_ics_token): a form, or a revert to an older version
        # (simple-history's history form), must not bring back a revoked subscription URL.
        if change:
            obj.ics_token = Forbund.objects.values_list("ics_token", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # The Händelselogg's diff: it shows that the ics token was renewed, never the token (simple-history's
        # own diff leaves fields that cannot be edited out, and would show a secret field that could be).
        pairs = list(pairwise(historical_records))
        for (newer, _older), changes in zip(pairs, audit.diffs(pairs), strict=True):
            newer.history_delta_changes = [{"field": f, "old": old, "new": new} for f, old, new in changes]


@admin.register(Member)
class MemberAdmin(ServiceHistoryAdmin):
    form = MemberAdminForm
    list_display = ["name", "kind", "code", "forbund", "joined", "left"]
    list_filter = ["kind", "forbund"]
    search_fields = ["name", "external_id"]


@admin.register(Person)
class PersonAdmin(ServiceHistoryAdmin):
    list_display = ["name", "email", "external_id"]
    search_fields = ["name", "email", "external_id"]


@admin.register(Mandate)
class MandateAdmin(ServiceHistoryAdmin):
    form = MandateAdminForm
    list_display = ["person", "role", "forbund", "date_from", "date_to"]
    list_filter = ["role", "forbund"]
    filter_horizontal = ["appointed_by"]


@admin.register(Kommun)
class KommunAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "lan"]
    search_fields = ["name", "code"]


@admin.register(Lan)
class LanAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
