from django.urls import path

from . import application_views, views

urlpatterns = [
    path("insatser/", views.insats_list, name="forbund-insatser"),
    path("insatser/ansokningar/", application_views.application_list, name="insats-applications"),
    path("insatser/ansokningar/ny/", application_views.application_edit, name="insats-application-new"),
    path("insatser/ansokningar/<str:subject_id>/", application_views.application_edit, name="insats-application-edit"),
    path("insatser/ansokningar/<str:subject_id>/ata-tillbaka/", application_views.application_withdraw, name="insats-application-withdraw"),
    path("insatser/<str:subject_id>/beredning/", application_views.beredning, name="insats-beredning"),
    path("insatser/<str:subject_id>/", views.insats_detail, name="insats-detail"),
]
