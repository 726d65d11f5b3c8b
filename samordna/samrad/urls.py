from django.urls import path

from . import notice_views, planning_views, views

urlpatterns = [
    path("samrad/", views.samrad_list, name="forbund-samrad"),
    path("samrad/planera/", planning_views.plan_new, name="consultation-new"),
    path("samrad/<str:subject_id>/", views.samrad_detail, name="consultation-detail"),
    path("samrad/<str:subject_id>/planera/", planning_views.plan_edit, name="consultation-plan"),
    path("samrad/<str:subject_id>/deltagare/", planning_views.plan_participant_add, name="consultation-participant-add"),
    path("samrad/<str:subject_id>/deltagare/<int:pk>/", planning_views.plan_participant_change, name="consultation-participant"),
    path("samrad/<str:subject_id>/bjud-in-alla/", planning_views.plan_invite_all, name="consultation-invite-all"),
    path("samrad/<str:subject_id>/dagordning/", planning_views.plan_agenda, name="consultation-agenda-add"),
    path("samrad/<str:subject_id>/dagordning/<int:pk>/", planning_views.plan_agenda, name="consultation-agenda"),
    path("samrad/<str:subject_id>/inbjudan/", planning_views.invite_send, name="consultation-invite"),
    path("samrad/<str:subject_id>/inbjudan.pdf", planning_views.invite_pdf, name="consultation-invite-pdf"),
    path("samrad/<str:subject_id>/genomfor/", planning_views.hold, name="consultation-hold"),
    path("samrad/<str:subject_id>/anteckningar.pdf", planning_views.hold_pdf, name="consultation-notes-pdf"),
    path("information/", views.notice_list, name="forbund-notices"),
    path("information/ny/", notice_views.information_new, name="notice-new"),
    path("information/<int:notice_pk>/", notice_views.notice_detail, name="notice-detail"),
    path("medlemmar/<int:member_pk>/representanter/", notice_views.member_representatives, name="member-representatives"),
    path("medlemmar/<int:member_pk>/representanter/<int:rep_pk>/avsluta/", notice_views.member_representative_end,
         name="member-representative-end"),
]
