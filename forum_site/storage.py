"""The static files' storage: whitenoise's compressed, hashed files, with each file's address
worked out once per process.

``ManifestStaticFilesStorage.url`` splits, looks up and joins the name again on every
``{% static %}``; every page has three of them. The hashed names are read from the manifest
when the storage is made, so an address found once stays right until the process ends (a
release runs ``collectstatic`` and restarts the app servers).
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

KNOWN_URLS_MAX = 1000


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:  # DEBUG serves the files under their own names
            return super().url(name, force)
        url = self.known_urls.get(name)
        if url is None:
            url = super().url(name)
            if len(self.known_urls) < KNOWN_URLS_MAX:
                self.known_urls[name] = url
        return url
