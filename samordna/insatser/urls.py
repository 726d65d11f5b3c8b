from django.urls import path

from . import views

urlpatterns = [
    path("insatser/", views.insats_list, name="forbund-insatser"),
    path("insatser/<str:subject_id>/", views.insats_detail, name="insats-detail"),
]
