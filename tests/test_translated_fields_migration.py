"""The move to translated fields keeps every Korean title and summary, and the English."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("directory", "0002_website_http_only"),
    ("events", "0002_add_seats_and_stream_channel"),
    ("resources", "0007_search_postings"),
]
AFTER = [
    ("directory", "0004_english_into_translated_fields"),
    ("events", "0004_english_into_translated_fields"),
    ("resources", "0009_english_into_translated_fields"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_translated_fields_migration_keeps_korean_and_english():
    old = _migrate(BEFORE)
    start = datetime(2020, 12, 9, 1, 0, tzinfo=UTC)
    end = start + timedelta(hours=7)
    old.get_model("events", "Event").objects.create(
        title="International Urban Resilience Forum Seoul 2020",
        title_ko="국제 도시 회복력 포럼 서울 2020",
        slug="seoul-2020",
        summary="Cities share what worked.",
        summary_ko="도시들이 효과가 있었던 것을 나눕니다.",
        objectives=["Share the best practices"],
        start=start,
        end=end,
    )
    old.get_model("events", "Event").objects.create(
        title="Webinar without Korean", slug="no-korean", start=start, end=end
    )
    old.get_model("resources", "Resource").objects.create(
        title="Heatwave plan",
        title_ko="폭염 대응 계획",
        slug="heatwave-plan",
        summary="A *plan*.",
        summary_ko="*계획*입니다.",
        kind="report",
        status="draft",
        languages=["en"],
    )
    old.get_model("directory", "Topic").objects.create(name="Public health", slug="health")

    try:
        new = _migrate(AFTER)

        events = {
            row["slug"]: row
            for row in new.get_model("events", "Event").objects.values(
                "slug",
                "title",
                "title_en",
                "title_ko",
                "summary_en",
                "summary_ko",
                "objectives_en",
                "objectives_ko",
            )
        }
        assert events["seoul-2020"] == {
            "slug": "seoul-2020",
            "title": "International Urban Resilience Forum Seoul 2020",
            "title_en": "International Urban Resilience Forum Seoul 2020",
            "title_ko": "국제 도시 회복력 포럼 서울 2020",
            "summary_en": "Cities share what worked.",
            "summary_ko": "도시들이 효과가 있었던 것을 나눕니다.",
            "objectives_en": ["Share the best practices"],
            "objectives_ko": [],
        }
        assert (events["no-korean"]["title_en"], events["no-korean"]["title_ko"]) == (
            "Webinar without Korean",
            "",
        )
        resource = new.get_model("resources", "Resource").objects.values(
            "title", "title_en", "title_ko", "summary", "summary_en", "summary_ko"
        )
        assert list(resource) == [
            {
                "title": "Heatwave plan",
                "title_en": "Heatwave plan",
                "title_ko": "폭염 대응 계획",
                "summary": "A *plan*.",
                "summary_en": "A *plan*.",
                "summary_ko": "*계획*입니다.",
            }
        ]
        topic = new.get_model("directory", "Topic").objects.values("name_en", "name_ko")
        assert list(topic) == [{"name_en": "Public health", "name_ko": None}]
    finally:
        _migrate(_leaves())
