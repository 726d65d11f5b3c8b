from django.urls import path

from . import views

urlpatterns = [
    path("f/<slug:slug>/arshjul/", views.arshjul, name="forbund-arshjul"),
    path("f/<slug:slug>/arshjul/prenumeration/", views.arshjul_token, name="forbund-arshjul-token"),
    path("f/<slug:slug>/arshjul.ics", views.arshjul_ics, name="forbund-arshjul-ics"),
]
