"""The reader's language, remembered beyond the ``/ko/`` prefix; security headers."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers


class RememberedLanguageMiddleware:
    """Honour the language a reader chose with the language switcher.

    English pages have no prefix (``prefix_default_language=False``), so Django's
    ``LocaleMiddleware`` reads every unprefixed address in English, whatever the language
    cookie says. A reader who chose Korean and comes back to ``/events/`` is sent to
    ``/ko/events/``; addresses outside ``i18n_patterns`` (the admin, error pages of unknown
    addresses) are shown in the chosen language. Only the explicit choice counts (the cookie
    that ``set_language`` sets), never the browser's Accept-Language header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._chosen_language(request)
        if language is None or translation.get_language_from_path(request.path_info):
            return self.get_response(request)
        if self._exists_in(language, request):
            # A page that exists in the chosen language: read it there.
            if request.method not in {"GET", "HEAD"}:
                return self.get_response(request)
            script_prefix = get_script_prefix()
            url = request.get_full_path().replace(script_prefix, f"{script_prefix}{language}/", 1)
            response = HttpResponseRedirect(url)
        else:
            translation.activate(language)
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def _exists_in(language: str, request) -> bool:
        """Whether the address is a page of ``i18n_patterns`` (so it has a prefixed twin)."""
        urlconf = getattr(request, "urlconf", None)
        path = f"/{language}{request.path_info}"
        candidates = [path]
        if settings.APPEND_SLASH and not path.endswith("/"):
            candidates.append(f"{path}/")  # CommonMiddleware adds the slash after the redirect
        with translation.override(language):
            return any(is_valid_path(candidate, urlconf) for candidate in candidates)

    @staticmethod
    def _chosen_language(request) -> str | None:
        """The supported language other than the default that the cookie names, if any."""
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not code:
            return None
        try:
            language = translation.get_supported_language_variant(code)
        except LookupError:
            return None
        return None if language == settings.LANGUAGE_CODE else language


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not send: ``Permissions-Policy`` and
    ``Cross-Origin-Resource-Policy`` (settings of the same names), on every response, static
    files and uploaded images included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response
