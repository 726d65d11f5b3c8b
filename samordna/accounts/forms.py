"""The login form, with an error message that reads well in Swedish."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Fel e-postadress eller lösenord. Lösenordet skiljer på stora och små bokstäver."),
        "inactive": _("Kontot är inaktiverat. Kontakta förbundets kansli."),
    }
