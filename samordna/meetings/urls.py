from django.urls import path

from . import arvode_views, views

urlpatterns = [
    path("sammantraden/", views.meeting_list, name="forbund-meetings"),
    path("arvode/", arvode_views.fee_list_page, name="meeting-fees"),
    path("arvode.csv", arvode_views.fee_list_csv, name="meeting-fees-csv"),
    path("sammantraden/<str:subject_id>/", views.meeting_detail, name="meeting-detail"),
]
