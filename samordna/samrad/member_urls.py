"""Min medlemsorganisation: the member organisation's own pages (samordna/samrad/member_views.py), outside any
förbund's address, since a representative may log in without a role in the förbund."""

from django.urls import path

from . import member_views

urlpatterns = [
    path("medlem/", member_views.member_home, name="member-home"),
    path("medlem/<int:member_pk>/", member_views.member_page, name="member-page"),
    path("medlem/<int:member_pk>/representanter/", member_views.member_page_representatives,
         name="member-page-representatives"),
    path("medlem/<int:member_pk>/representanter/<int:rep_pk>/avsluta/", member_views.member_page_representative_end,
         name="member-page-representative-end"),
    path("medlem/<int:member_pk>/information/<int:notice_pk>/", member_views.member_notice, name="member-notice"),
    path("medlem/<int:member_pk>/handlingar/<int:document_pk>/", member_views.member_document,
         name="member-document"),
]
