from django.urls import path

from . import arvode_views, views

urlpatterns = [
    path("sammantraden/", views.meeting_list, name="forbund-meetings"),
    path("arvode/", arvode_views.fee_list_page, name="meeting-fees"),
    path("arvode.csv", arvode_views.fee_list_csv, name="meeting-fees-csv"),
    # Planning (the office): before the meeting's own address, so that "nytt" is never taken for an id.
    path("sammantraden/nytt/", views.meeting_new, name="meeting-new"),
    path("sammantraden/<str:subject_id>/", views.meeting_detail, name="meeting-detail"),
    path("sammantraden/<str:subject_id>/andra/", views.meeting_edit, name="meeting-edit"),
    path("sammantraden/<str:subject_id>/ta-bort/", views.meeting_remove, name="meeting-remove"),
    path("sammantraden/<str:subject_id>/kallelse/", views.meeting_notice_send, name="meeting-notice-send"),
    path("sammantraden/<str:subject_id>/kallelse-skickad/", views.meeting_notice_sent, name="meeting-notice-sent"),
    path("sammantraden/<str:subject_id>/paragrafer/ny/", views.item_add, name="meeting-item-add"),
    path("sammantraden/<str:subject_id>/paragrafer/<str:item_id>/andra/", views.item_edit, name="meeting-item-edit"),
    path("sammantraden/<str:subject_id>/paragrafer/<str:item_id>/flytta/", views.item_move, name="meeting-item-move"),
    path("sammantraden/<str:subject_id>/paragrafer/<str:item_id>/ta-bort/", views.item_remove,
         name="meeting-item-remove"),
]

from . import conduct_views  # noqa: E402

urlpatterns += [
    path("sammantraden/<str:subject_id>/genomforande/", conduct_views.meeting_conduct, name="meeting-conduct"),
]
