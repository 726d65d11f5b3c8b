"""Swedish first: the language is Swedish unless the user chose another one in the footer."""

from django.conf import settings
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class SwedishFirstLocaleMiddleware(MiddlewareMixin):
    """Like LocaleMiddleware, but a browser's Accept-Language never overrides Swedish; only the cookie does."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        codes = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
