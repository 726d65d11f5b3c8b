from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="forbund-overview"),
    path("forbundsordning/", views.forbund_edit, name="forbund-edit"),
    path("medlemmar/", views.members, name="forbund-members"),
    path("medlemmar/ny/", views.member_edit, name="forbund-member-new"),
    path("medlemmar/<int:pk>/", views.member_edit, name="forbund-member-edit"),
    path("medlemmar/<int:pk>/ta-bort/", views.member_remove, name="forbund-member-remove"),
    path("styrelse/", views.board, name="forbund-board"),
    path("styrelse/ny-mandatperiod/", views.board_renew, name="forbund-board-renew"),
    path("personer/", views.persons, name="forbund-persons"),
    path("personer/ny/", views.person_edit, name="forbund-person-new"),
    path("personer/<int:pk>/", views.person_edit, name="forbund-person-edit"),
    path("personer/<int:pk>/ta-bort/", views.person_remove, name="forbund-person-remove"),
    path("uppdrag/", views.mandates, name="forbund-mandates"),
    path("uppdrag/ny/", views.mandate_edit, name="forbund-mandate-new"),
    path("uppdrag/<int:pk>/", views.mandate_edit, name="forbund-mandate-edit"),
    path("uppdrag/<int:pk>/ta-bort/", views.mandate_remove, name="forbund-mandate-remove"),
    path("handelselogg/", views.log, name="forbund-log"),
]
