from django.contrib import admin

from samordna.lib.admin import OwnedInline, ServiceHistoryAdmin

from .models import Anchoring, Funding, Insats, Report


class AnchoringInline(OwnedInline):
    model = Anchoring


class FundingInline(OwnedInline):
    model = Funding
    raw_id_fields = ["decided_in"]


class ReportInline(OwnedInline):
    model = Report
    raw_id_fields = ["presented_in"]


@admin.register(Insats)
class InsatsAdmin(ServiceHistoryAdmin):
    list_display = ["__str__", "forbund", "direction", "start", "end", "followup_registered"]
    list_filter = ["forbund", "direction"]
    search_fields = ["name", "external_id"]
    filter_horizontal = ["parties", "concerns"]
    inlines = [AnchoringInline, FundingInline, ReportInline]
