from django.urls import path

from . import budget_views, views

urlpatterns = [
    path("budget/", views.budget_list, name="forbund-budgets"),
    path("budget/<int:subject_id>/", views.budget_detail, name="budget-detail"),
    path("budget/ny/", budget_views.budget_new, name="budget-new"),
    path("budget/<int:year>/statens-belopp/", budget_views.state_amount_add, name="budget-state-amount"),
    path("budget/<int:year>/berakna/", budget_views.budget_compute, name="budget-compute"),
    path("budget/<int:year>/bidrag/<int:pk>/", budget_views.contribution_adjust, name="budget-contribution"),
    path("budget/<int:year>/fordelning/", budget_views.budget_allocations, name="budget-allocations"),
    path("budget/<int:year>/samrad/", budget_views.consultation_send, name="budget-consultation-send"),
    path("budget/<int:year>/samrad/svar/", budget_views.consultation_answer, name="budget-consultation-answer"),
    path("budget/<int:year>/dagordning/", budget_views.budget_agenda, name="budget-agenda"),
    path("budget/<int:year>/utfall/", budget_views.outcome_record, name="budget-outcome"),
    path("verksamhetsplaner/", budget_views.plan_list, name="forbund-plans"),
    path("verksamhetsplaner/ny/", budget_views.plan_edit, name="plan-new"),
    path("verksamhetsplaner/<int:year>/", budget_views.plan_detail, name="plan-detail"),
    path("verksamhetsplaner/<int:year>/andra/", budget_views.plan_edit, name="plan-edit"),
    path("verksamhetsplaner/<int:year>/mal/ny/", budget_views.goal_edit, name="plan-goal-new"),
    path("verksamhetsplaner/<int:year>/mal/<int:pk>/", budget_views.goal_edit, name="plan-goal-edit"),
    path("verksamhetsplaner/<int:year>/mal/<int:pk>/ta-bort/", budget_views.goal_remove, name="plan-goal-remove"),
    path("arsredovisningar/", views.annual_report_list, name="forbund-annual-reports"),
    path("arsredovisningar/<str:subject_id>/", views.annual_report_detail, name="annual-report-detail"),
]
