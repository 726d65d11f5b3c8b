from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Forbund, Kommun, Lan, Mandate, Member, Person


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0


@admin.register(Forbund)
class ForbundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "organisationsnummer", "founded"]
    search_fields = ["name", "slug"]
    inlines = [MemberInline]


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "code", "forbund", "joined", "left"]
    list_filter = ["kind", "forbund"]
    search_fields = ["name", "external_id"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "external_id"]
    search_fields = ["name", "email", "external_id"]


@admin.register(Mandate)
class MandateAdmin(SimpleHistoryAdmin):
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
