from django.urls import path

from . import views

urlpatterns = [
    path("budget/", views.budget_list, name="forbund-budgets"),
    path("budget/<int:subject_id>/", views.budget_detail, name="budget-detail"),
    path("arsredovisningar/", views.annual_report_list, name="forbund-annual-reports"),
    path("arsredovisningar/<str:subject_id>/", views.annual_report_detail, name="annual-report-detail"),
]
