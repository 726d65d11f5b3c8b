from django.urls import path

from . import views

urlpatterns = [
    path("mina-sammantraden/", views.my_meetings, name="my-meetings"),
    path("mina-sammantraden/<int:pk>/last/", views.mark_read, name="my-meetings-read"),
]
