from django.urls import path

from . import notice_views, views

urlpatterns = [
    path("samrad/", views.samrad_list, name="forbund-samrad"),
    path("samrad/<str:subject_id>/", views.samrad_detail, name="consultation-detail"),
    path("information/", views.notice_list, name="forbund-notices"),
    path("information/ny/", notice_views.information_new, name="notice-new"),
    path("information/<int:notice_pk>/", notice_views.notice_detail, name="notice-detail"),
    path("medlemmar/<int:member_pk>/representanter/", notice_views.member_representatives, name="member-representatives"),
    path("medlemmar/<int:member_pk>/representanter/<int:rep_pk>/avsluta/", notice_views.member_representative_end,
         name="member-representative-end"),
]
