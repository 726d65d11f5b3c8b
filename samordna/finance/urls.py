from django.urls import path

from . import annual_views, views

urlpatterns = [
    path("budget/", views.budget_list, name="forbund-budgets"),
    path("budget/<int:subject_id>/", views.budget_detail, name="budget-detail"),
    path("arsredovisningar/", views.annual_report_list, name="forbund-annual-reports"),
    path("arsredovisningar/<str:subject_id>/", views.annual_report_detail, name="annual-report-detail"),
    path("arsredovisningar/<int:year>/lagg-upp/", annual_views.annual_create, name="annual-report-create"),
    path("arsredovisningar/<int:year>/andra/", annual_views.annual_edit, name="annual-report-edit"),
    path("arsredovisningar/<int:year>/dagordning/", annual_views.annual_agenda, name="annual-report-agenda"),
    path("arsredovisningar/<int:year>/mal/", annual_views.annual_goals, name="annual-report-goals"),
    path("arsredovisningar/<int:year>/skicka/", annual_views.annual_deliver, name="annual-report-deliver"),
    path("arsredovisningar/<int:year>/revision/", annual_views.audit_edit, name="audit-edit"),
    path("arsredovisningar/<int:year>/anmarkningar/ny/", annual_views.audit_remark_new, name="audit-remark-new"),
    path("arsredovisningar/<int:year>/anmarkningar/<int:pk>/", annual_views.audit_remark_edit, name="audit-remark-edit"),
    path("arsredovisningar/<int:year>/anmarkningar/<int:pk>/dagordning/", annual_views.remark_agenda, name="remark-agenda"),
    path("arsredovisningar/<int:year>/ansvarsfrihet/<int:member_pk>/", annual_views.discharge_edit, name="discharge-edit"),
]
