from django.contrib import admin

from samordna.lib.admin import ServiceHistoryAdmin

from .models import Anchoring, Funding, Insats, Report


class AnchoringInline(admin.TabularInline):
    model = Anchoring
    extra = 0
    exclude = ["forbund"]


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0
    exclude = ["forbund"]
    raw_id_fields = ["decided_in"]


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    exclude = ["forbund"]
    raw_id_fields = ["presented_in"]


@admin.register(Insats)
class InsatsAdmin(ServiceHistoryAdmin):
    list_display = ["__str__", "forbund", "direction", "start", "end", "followup_registered"]
    list_filter = ["forbund", "direction"]
    search_fields = ["name", "external_id"]
    filter_horizontal = ["parties", "concerns"]
    inlines = [AnchoringInline, FundingInline, ReportInline]
