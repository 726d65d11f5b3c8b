from django.urls import path

from . import views

urlpatterns = [
    path("samrad/", views.samrad_list, name="forbund-samrad"),
    path("samrad/<str:subject_id>/", views.samrad_detail, name="consultation-detail"),
    path("information/", views.notice_list, name="forbund-notices"),
]
