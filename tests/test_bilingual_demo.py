"""The demo data reads in Korean: every seed text a reader sees has its Korean."""

import io

import pytest
from django.core.management import call_command

from common.bilingual_admin import missing_korean
from directory.models import Organization, Topic
from events.models import Event, EventSeries, Session
from resources.models import Resource


@pytest.fixture
def demo_data(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("model", [Event, Session, EventSeries, Topic, Resource, Organization])
def test_bilingual_demo_leaves_no_published_text_without_korean(demo_data, model):
    rows = model.objects.filter(missing_korean(model))
    if model is Event:
        # The flagged untitled draft and the partner rows whose note is empty are complete;
        # only drafts may wait for their Korean.
        rows = rows.filter(status=Event.Status.PUBLISHED)

    assert list(rows.values_list("pk", flat=True)) == []


def test_bilingual_demo_forum_reads_in_korean(client, demo_data):
    forum = Event.objects.get(slug="international-urban-resilience-forum-seoul-2020")

    html = client.get(f"/ko{forum.get_absolute_url()}").content.decode()

    assert '<h1 id="event-title">국제 도시 회복력 포럼 서울 2020</h1>' in html
    assert "<q>뉴노멀 시대의 안전한 도시: 회복력, 지속가능성, 적응력</q>" in html
    assert "<li>세계 도시의 도시 회복력 강화 모범 사례 공유</li>" in html
    assert '<h4 class="session__title">개회식</h4>' in html
    assert 'lang="en"' not in html.split('id="event-title"', 1)[1].split("</article>", 1)[0]
