from django.urls import path

from . import views

urlpatterns = [
    path("nationell/", views.national, name="national-overview"),
    path("nationell/export.csv", views.national_csv, name="national-export"),
    path("f/<slug:slug>/regelkontroll/", views.findings, name="forbund-findings"),
]
