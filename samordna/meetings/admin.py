from django.contrib import admin

from samordna.lib.admin import OwnedInline, ServiceHistoryAdmin

from .models import Attendance, Decision, Item, ItemSubstitute, Meeting, Minutes, Recusal, Reservation, Vote


class AttendanceInline(OwnedInline):
    model = Attendance
    raw_id_fields = ["person", "replaces"]


class ItemInline(OwnedInline):
    model = Item
    fields = ["number", "title", "kind", "major", "external_id"]


@admin.register(Meeting)
class MeetingAdmin(ServiceHistoryAdmin):
    list_display = ["date", "forbund", "kind", "notice_sent"]
    list_filter = ["forbund", "kind"]
    date_hierarchy = "date"
    inlines = [AttendanceInline, ItemInline]


class RecusalInline(OwnedInline):
    model = Recusal
    raw_id_fields = ["person"]


class SubstituteInline(OwnedInline):
    model = ItemSubstitute
    raw_id_fields = ["person", "replaces"]


@admin.register(Item)
class ItemAdmin(ServiceHistoryAdmin):
    list_display = ["__str__", "meeting", "kind", "major"]
    list_filter = ["forbund", "kind"]
    search_fields = ["title", "external_id"]
    raw_id_fields = ["meeting", "insats"]
    inlines = [RecusalInline, SubstituteInline]


class VoteInline(OwnedInline):
    model = Vote
    raw_id_fields = ["person"]


class ReservationInline(OwnedInline):
    model = Reservation
    raw_id_fields = ["person"]


@admin.register(Decision)
class DecisionAdmin(ServiceHistoryAdmin):
    list_display = ["item", "outcome", "forbund"]
    list_filter = ["forbund", "outcome"]
    raw_id_fields = ["item", "casting_vote"]
    inlines = [VoteInline, ReservationInline]


@admin.register(Minutes)
class MinutesAdmin(ServiceHistoryAdmin):
    list_display = ["meeting", "adjusted", "published", "forbund"]
    list_filter = ["forbund"]
    raw_id_fields = ["meeting"]
    filter_horizontal = ["adjusters"]
