from django.urls import path

from . import views

urlpatterns = [
    path("offentlig/", views.public_forbund, name="public-forbund"),
    path("offentlig/anslag.atom", views.anslag_feed, name="public-anslag-feed"),
    path("offentlig/protokoll/<str:subject_id>/", views.public_protokoll, name="public-protokoll"),
    path("offentlig/protokoll/<str:subject_id>/protokoll.pdf", views.public_protokoll_pdf, name="public-protokoll-pdf"),
]
