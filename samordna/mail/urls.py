from django.urls import path

from . import views

urlpatterns = [
    path("utskick/", views.message_list, name="mail-messages"),
    path("utskick/<int:pk>/", views.message_detail, name="mail-message"),
    path("utskick/leverans/<int:pk>/skicka-igen/", views.delivery_retry, name="mail-retry"),
]
