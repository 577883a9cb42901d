"""The WSGI application that gunicorn serves (see the README).

Once the site is loaded, its tens of thousands of objects (modules, models, URL patterns,
translations) live as long as the worker. ``gc.freeze()`` puts them out of the garbage
collector's reach: otherwise every full collection, which Python starts on its own after a few
dozen requests, walks all of them and stalls the request at hand for up to 100 ms.
"""

import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum_site.settings")
application = get_wsgi_application()
import_module(settings.ROOT_URLCONF)  # the views and their modules, loaded before the freeze
gc.collect()  # the garbage of start-up is freed, not frozen
gc.freeze()
