from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from samordna.accounts.forms import LoginForm
from samordna.organisations import views as org_views
from samordna.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("tillganglighet/", web_views.accessibility, name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", web_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("samordna.ledamot.urls")),
    path("", include("samordna.samrad.member_urls")),
    path("byt-forbund/", org_views.forbund_switch, name="forbund-switch"),
    path("f/<slug:slug>/", include("samordna.organisations.urls")),
    path("f/<slug:slug>/", include("samordna.meetings.urls")),
    path("f/<slug:slug>/", include("samordna.protokoll.urls")),
    path("f/<slug:slug>/", include("samordna.insatser.urls")),
    path("f/<slug:slug>/", include("samordna.finance.urls")),
    path("f/<slug:slug>/", include("samordna.samrad.urls")),
    path("f/<slug:slug>/", include("samordna.mail.urls")),
    path("f/<slug:slug>/", include("samordna.diarium.urls")),
    path("f/<slug:slug>/", include("samordna.publication.urls")),
    path("", include("samordna.checks.urls")),
    path("", include("samordna.arshjul.urls")),
]

handler403 = "samordna.web.views.permission_denied"
handler404 = "samordna.web.views.page_not_found"
handler500 = "samordna.web.views.server_error"

admin.site.site_header = "Samordna – administration"
admin.site.site_title = "Samordna"
