from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="forbund-overview"),
    path("medlemmar/", views.members, name="forbund-members"),
    path("medlemmar/ny/", views.member_edit, name="forbund-member-new"),
    path("medlemmar/<int:pk>/", views.member_edit, name="forbund-member-edit"),
    path("styrelse/", views.board, name="forbund-board"),
    path("personer/", views.persons, name="forbund-persons"),
    path("personer/ny/", views.person_edit, name="forbund-person-new"),
    path("personer/<int:pk>/", views.person_edit, name="forbund-person-edit"),
    path("uppdrag/", views.mandates, name="forbund-mandates"),
    path("uppdrag/ny/", views.mandate_edit, name="forbund-mandate-new"),
    path("uppdrag/<int:pk>/", views.mandate_edit, name="forbund-mandate-edit"),
    path("handelselogg/", views.log, name="forbund-log"),
]
