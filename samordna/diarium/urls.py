from django.urls import path

from . import views

urlpatterns = [
    path("diarium/", views.matter_list, name="forbund-diarium"),
    path("diarium/ny/", views.matter_new, name="matter-new"),
    path("diarium/<int:pk>/", views.matter_detail, name="matter-detail"),
    path("diarium/<int:pk>/andra/", views.matter_edit, name="matter-edit"),
    path("diarium/<int:pk>/avsluta/", views.matter_close, name="matter-close"),
    path("diarium/<int:pk>/oppna/", views.matter_reopen, name="matter-reopen"),
    path("diarium/<int:pk>/ta-bort/", views.matter_remove, name="matter-remove"),
    path("diarium/<int:pk>/handlingar/ny/", views.document_new, name="document-new"),
    path("handlingar/<int:pk>/", views.document_download, name="document-download"),
    path("handlingar/<int:pk>/andra/", views.document_edit, name="document-edit"),
    path("handlingar/<int:pk>/ta-bort/", views.document_remove, name="document-remove"),
]
