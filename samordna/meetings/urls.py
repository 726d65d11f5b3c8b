from django.urls import path

from . import views

urlpatterns = [
    path("sammantraden/", views.meeting_list, name="forbund-meetings"),
    path("sammantraden/<str:subject_id>/", views.meeting_detail, name="meeting-detail"),
]

from . import conduct_views  # noqa: E402

urlpatterns += [
    path("sammantraden/<str:subject_id>/genomforande/", conduct_views.meeting_conduct, name="meeting-conduct"),
]
