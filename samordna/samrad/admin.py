from django.contrib import admin

from samordna.lib.admin import ServiceHistoryAdmin

from .models import AgendaItem, Consultation, ConsultationDecision, Notice, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ["person", "represents"]


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class DecisionInline(admin.TabularInline):
    model = ConsultationDecision
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(ServiceHistoryAdmin):
    list_display = ["date", "kind", "external_id"]
    list_filter = ["kind", "forbund"]
    filter_horizontal = ["forbund"]
    raw_id_fields = ["convener_person", "convener_appointed_by"]
    inlines = [ParticipantInline, AgendaInline, DecisionInline]


@admin.register(Notice)
class NoticeAdmin(ServiceHistoryAdmin):
    list_display = ["subject", "date", "forbund"]
    list_filter = ["forbund"]
    filter_horizontal = ["recipients"]
    raw_id_fields = ["about"]
