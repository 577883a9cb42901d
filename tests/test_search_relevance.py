"""The judged query set (bench/relevance.py) on the seed library and the labelled resources:
every named resource in the first five, for every query."""

import pytest

from bench import relevance
from directory import demo as directory_demo
from resources import demo as resources_demo

pytestmark = pytest.mark.django_db


def test_the_judged_set_is_large_and_varied():
    languages = [language for _query, language, _expected in relevance.JUDGED]
    assert len(relevance.JUDGED) >= 40
    assert languages.count("ko") >= 15


def test_every_judged_query_finds_its_resources_in_the_first_five():
    directory_demo.load()
    resources_demo.load()
    relevance.prepare()

    judged, recall, ndcg = relevance.evaluate()

    misses = [
        f"{j.query!r} ({j.language}): missed {j.missed}, showed {j.shown[:5]}"
        for j in judged
        if j.missed
    ]
    assert misses == [], "\n".join(misses)
    assert recall == 1.0
    assert ndcg > 0.8
