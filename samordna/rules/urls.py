from django.urls import path

from . import views

urlpatterns = [
    path("nationell/", views.national, name="national-overview"),
    path("nationell/export.csv", views.national_csv, name="national-export"),
    path("f/<slug:slug>/regelkontroll/", views.findings, name="forbund-findings"),
    path("f/<slug:slug>/arshjul/", views.arshjul, name="forbund-arshjul"),
    path("f/<slug:slug>/arshjul/prenumeration/", views.arshjul_token, name="forbund-arshjul-token"),
    path("f/<slug:slug>/arshjul.ics", views.arshjul_ics, name="forbund-arshjul-ics"),
]
