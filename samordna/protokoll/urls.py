from django.urls import path

from . import views

urlpatterns = [
    path("sammantraden/<str:subject_id>/protokoll/", views.protokoll_page, name="meeting-protokoll"),
    path("sammantraden/<str:subject_id>/protokoll.pdf", views.protokoll_pdf_view, name="meeting-protokoll-pdf"),
    path("sammantraden/<str:subject_id>/protokoll/forbered/", views.prepare, name="meeting-protokoll-prepare"),
    path("sammantraden/<str:subject_id>/protokoll/justerare/", views.adjusters, name="meeting-protokoll-adjusters"),
    path("sammantraden/<str:subject_id>/protokoll/justera/", views.justera, name="meeting-protokoll-justera"),
]
