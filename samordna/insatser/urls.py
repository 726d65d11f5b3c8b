from django.urls import path

from . import application_views, report_views, views

urlpatterns = [
    path("insatser/", views.insats_list, name="forbund-insatser"),
    path("insatser/ansokningar/", application_views.application_list, name="insats-applications"),
    path("insatser/ansokningar/ny/", application_views.application_edit, name="insats-application-new"),
    path("insatser/ansokningar/<str:subject_id>/", application_views.application_edit, name="insats-application-edit"),
    path("insatser/ansokningar/<str:subject_id>/ata-tillbaka/", application_views.application_withdraw, name="insats-application-withdraw"),
    path("insatser/<str:subject_id>/beredning/", application_views.beredning, name="insats-beredning"),
    path("insatser/oversikt/", report_views.insats_overview, name="insatser-overview"),
    path("insatser/uppfoljning.csv", report_views.uppfoljning_csv, name="insatser-uppfoljning"),
    path("insatser/<str:subject_id>/rapporter/ny/", report_views.report_new, name="insats-report-new"),
    path("insatser/<str:subject_id>/rapporter/<int:pk>/andra/", report_views.report_edit, name="insats-report-edit"),
    path("insatser/<str:subject_id>/rapporter/<int:pk>/dagordning/", report_views.report_present, name="insats-report-present"),
    path("insatser/<str:subject_id>/rapportdatum/ny/", report_views.report_date_new, name="insats-report-date-new"),
    path("insatser/<str:subject_id>/rapportdatum/<int:pk>/ta-bort/", report_views.report_date_remove, name="insats-report-date-remove"),
    path("insatser/<str:subject_id>/kontaktperson/", report_views.contact_edit, name="insats-contact"),
    path("insatser/<str:subject_id>/slutdatum/", report_views.end_change_new, name="insats-end-change"),
    path("insatser/<str:subject_id>/avsluta/", report_views.insats_close, name="insats-close"),
    path("insatser/<str:subject_id>/", views.insats_detail, name="insats-detail"),
]
