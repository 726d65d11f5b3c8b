from django.contrib import admin

from samordna.lib.admin import OwnedInline, ServiceHistoryAdmin

from .models import AnnualReport, Audit, Budget, Consulted, Contribution, Discharge, Remark


class ContributionInline(OwnedInline):
    model = Contribution


class ConsultedInline(OwnedInline):
    model = Consulted


@admin.register(Budget)
class BudgetAdmin(ServiceHistoryAdmin):
    list_display = ["year", "forbund", "adopted", "allocation_insatser", "allocation_administration"]
    list_filter = ["forbund", "year"]
    raw_id_fields = ["decided_in"]
    inlines = [ContributionInline, ConsultedInline]


class DischargeInline(OwnedInline):
    model = Discharge
    raw_id_fields = ["document"]


@admin.register(AnnualReport)
class AnnualReportAdmin(ServiceHistoryAdmin):
    list_display = ["year", "forbund", "made", "delivered_to_members", "equity"]
    list_filter = ["forbund", "year"]
    raw_id_fields = ["decided_in", "document"]
    inlines = [DischargeInline]


class RemarkInline(OwnedInline):
    model = Remark
    raw_id_fields = ["response_decided_in", "response_item"]


@admin.register(Audit)
class AuditAdmin(ServiceHistoryAdmin):
    list_display = ["annual_report", "report_date", "forbund"]
    list_filter = ["forbund"]
    filter_horizontal = ["delivered_to"]
    raw_id_fields = ["document"]
    inlines = [RemarkInline]
