"""The glossary as the search reads it: every term's names, held in this process's memory.

A search must not pay a query for the glossary: the names are read once and kept for
``LIFETIME`` seconds; a change saved in this process forgets them at once, one saved in
another worker reaches this one within that time.
"""

import time

from directory.models import GlossaryTerm

LIFETIME = 60.0
_loaded: dict = {"at": None, "terms": []}


def terms() -> list[list[str]]:
    """Each glossary term's names (``GlossaryTerm.forms``), read at most once a minute."""
    now = time.monotonic()
    if _loaded["at"] is None or now - _loaded["at"] > LIFETIME:
        _loaded["terms"] = [term.forms for term in GlossaryTerm.objects.all()]
        _loaded["at"] = now
    return _loaded["terms"]


def forget(**kwargs) -> None:
    _loaded["at"] = None
