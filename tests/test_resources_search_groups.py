"""Search groups: wide searches kept with their hits (migrations 0013 and 0014), the
glossary's and the ones readers ask most.

Each test compares what the groups hold, or the pages read from them, with what PostgreSQL
computes from the search entries themselves, after changes made the way the portal (or anyone
with SQL) makes them.
"""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.db.utils import ProgrammingError
from django.utils import timezone

from directory.models import GlossaryTerm
from resources import indexing, services
from resources.models import Resource, SearchLog
from resources.search import groups
from resources.search.expansion import expand
from resources.tasks import build_search_groups
from tests.factories import ResourceFactory
from tests.test_resources_search_postings import (
    _every_page,
    _in_entries_order,
    _page,
    names_library,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db

# What the groups must hold: every entry each group's query matches, with ts_rank's rank.
EXPECTED_SQL = """
SELECT g.query_text, e.id, ts_rank(e.search_vector, g.query), e.published_on, e.published_at
  FROM resources_searchgroup AS g JOIN resources_searchentry AS e ON e.search_vector @@ g.query
"""
HELD_SQL = """
SELECT g.query_text, p.resource_id, p.rank, p.published_on, p.published_at
  FROM resources_searchgroupposting AS p JOIN resources_searchgroup AS g ON g.id = p.group_id
"""


def rows(sql) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return set(cursor.fetchall())


def group_texts() -> set[str]:
    return {text for (text,) in rows("SELECT query_text FROM resources_searchgroup")}


def query_text(q: str) -> str:
    sql, params = expand(q).words.sql()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({sql})::text", params)
        return cursor.fetchone()[0]


@pytest.fixture
def built(names_library, monkeypatch):  # noqa: F811 - the fixture
    """Every glossary search with a hit has its group (the library is small)."""
    monkeypatch.setattr(groups, "GROUPS_FROM", 1)
    made = groups.build_groups()
    assert made.made > 0
    return names_library


@pytest.mark.parametrize(
    ("params", "at_least"),
    [
        ({"q": "회복력"}, 21),
        ({"q": "resilience"}, 21),
        ({"q": "coronavirus"}, 21),
        ({"q": "COVID-19"}, 21),
        ({"q": "resilience", "kind": "report"}, 21),
        ({"q": "coronavirus", "country": "Nepal", "kind": "case_study"}, 5),
    ],
)
def test_pages_read_from_a_group_are_those_of_the_entries_ranking(built, params, at_least):
    assert query_text(params["q"]) in group_texts()
    everything = _in_entries_order(params)
    assert len(everything) >= at_least

    assert _every_page(params, len(everything)) == everything


def test_a_search_reads_its_group(built):
    text = query_text("회복력")
    with connection.cursor() as cursor:
        # (the entries and postings keep their words: only a search reading the group misses)
        cursor.execute(
            "DELETE FROM resources_searchgroupposting AS p USING resources_searchgroup AS g "
            "WHERE g.id = p.group_id AND g.query_text = %s "
            "AND p.resource_id IN (SELECT id FROM resources_resource WHERE title_ko = %s)",
            [text, "회복력 계획"],
        )
        removed = cursor.rowcount
    assert removed > 0

    result, _ids = _page({"q": "회복력"})

    assert result.total == len(_in_entries_order({"q": "회복력"})) - removed
    assert _page({"q": "회복력", "expand": "off"})[0].total > 0  # (another query: no group)


def test_every_change_to_the_library_reaches_the_groups(built):
    before = rows(HELD_SQL)
    assert before == rows(EXPECTED_SQL)
    edited = next(resource for resource in built if resource.title_ko == "회복력 계획")
    assert {row[0] for row in before if row[1] == edited.pk}
    withdrawn, bulk, deleted = built[0], built[2], built[3]

    ResourceFactory(title="Coronavirus shelters", summary="Resilience in shelters.")
    edited.title, edited.title_ko, edited.summary = "Water tariffs", "", ""
    services.save_resource(resource=edited, publishers=[], topics=[])
    services.withdraw_resources(resources=Resource.objects.filter(pk=withdrawn.pk))
    Resource.objects.filter(pk=bulk.pk).update(published_on=date(2024, 1, 1))
    deleted.delete()
    Resource.objects.bulk_create(
        [
            Resource(
                title="Resilience hubs",
                slug="resilience-hubs",
                url="https://example.org/hubs",
                normalized_url="https://example.org/hubs",
                status=Resource.Status.PUBLISHED,
                published_at="2021-06-01T00:00:00Z",
            )
        ]
    )

    held = rows(HELD_SQL)
    assert held == rows(EXPECTED_SQL)
    assert not {row for row in held if row[1] in (withdrawn.pk, deleted.pk)}
    assert {row[0] for row in held if row[1] == edited.pk} < {row[0] for row in before}
    assert any(row[1] == bulk.pk and row[3] == date(2024, 1, 1) for row in held)
    assert Resource.objects.get(slug="resilience-hubs").pk in {row[1] for row in held}

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE resources_searchentry")
    assert rows(HELD_SQL) == set()


def test_groups_follow_the_glossary(built):
    before = group_texts()
    term = GlossaryTerm.objects.get(english="resilience")
    resilience = query_text("resilience")
    assert resilience in before

    term.synonyms += "\nbounce back"
    term.save()  # the search for "resilience" is another query now
    assert query_text("resilience") != resilience
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = %s AND status = 'todo'",
            [build_search_groups.name],
        )
        assert cursor.fetchone()[0] == 1  # the job that builds them

    build_search_groups()

    after = group_texts()
    assert query_text("resilience") in after
    assert resilience not in after
    assert rows(HELD_SQL) == rows(EXPECTED_SQL)


def test_many_glossary_changes_at_once_wait_for_one_job(client, django_user_model):
    staff = django_user_model.objects.create_superuser("glossary@forum.example", "x" * 12)
    client.force_login(staff)
    with transaction.atomic():
        for term in GlossaryTerm.objects.order_by("english")[:3]:
            term.synonyms += "\nanother name"
            term.save()
        # (the refused second and third jobs left the transaction usable)
        assert GlossaryTerm.objects.filter(synonyms__endswith="another name").count() == 3

    response = client.post(
        "/admin/directory/glossaryterm/add/",
        {"english": "heat island", "korean": "열섬", "synonyms": "urban heat island"},
    )

    assert response.status_code == 302
    assert GlossaryTerm.objects.filter(english="heat island").exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = %s AND status = 'todo'",
            [build_search_groups.name],
        )
        assert cursor.fetchone()[0] == 1


def test_a_group_without_enough_hits_is_not_made(names_library):  # noqa: F811 - the fixture
    hits = len(_in_entries_order({"q": "coronavirus"}))
    groups.build_groups(minimum=hits + 1)
    assert query_text("coronavirus") not in group_texts()
    groups.build_groups(minimum=hits)
    assert query_text("coronavirus") in group_texts()


def test_the_index_check_finds_a_stale_group_and_reindexing_repairs_it(built):
    # (a bulk load that switched the trigger off and did not refill what it skipped)
    before = group_texts()
    assert indexing.index_state().healthy
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE resources_searchentry DISABLE TRIGGER resources_search_groups")
        ResourceFactory(title="Coronavirus shelters")
        cursor.execute("ALTER TABLE resources_searchentry ENABLE TRIGGER resources_search_groups")

    state = indexing.index_state()
    assert not state.healthy
    assert query_text("coronavirus") in state.stale_groups
    groups.refill(state.stale_groups)  # (what reindex does first; then it builds what is missing)
    assert groups.stale_groups() == []
    assert group_texts() == before

    indexing.reindex()

    assert indexing.index_state().healthy
    assert rows(HELD_SQL) == rows(EXPECTED_SQL)


# --- Words excluded: the rest served from its word or group, less the excluded word's hits -----


@pytest.fixture
def with_exclusions(built):
    """Some of the names library holding the words excluded below."""
    for resource in built[::4]:
        resource.summary = f"{resource.summary} Tourism and water."
        services.save_resource(resource=resource, publishers=[], topics=[])
    return built


@pytest.mark.parametrize(
    ("params", "at_least"),
    [
        ({"q": "resilience -tourism"}, 21),  # a group less a word
        ({"q": "resilience -tourism -water", "kind": "report"}, 10),
        ({"q": "resilience -tourism", "expand": "off"}, 21),  # one word less a word
        ({"q": "회복력 -tourism"}, 21),
        ({"q": "resilience -회복력"}, 5),  # not one word of the index: the entries serve it
    ],
)
def test_pages_with_words_excluded_are_those_of_the_entries_ranking(
    with_exclusions, params, at_least
):
    everything = _in_entries_order(params)
    assert len(everything) >= at_least
    with_the_word = set(_in_entries_order({**params, "q": params["q"].split(" -")[0]}))
    assert len(with_the_word) > len(everything)  # (some hits are excluded)

    assert _every_page(params, len(everything)) == everything


def test_a_search_with_a_word_excluded_reads_the_group_and_the_postings(with_exclusions):
    excluded = [resource.pk for resource in with_exclusions[::4]]
    everything = _in_entries_order({"q": "resilience -tourism"})
    with connection.cursor() as cursor:
        # (the entries keep their words: only a search reading the postings keeps these)
        cursor.execute(
            "DELETE FROM resources_searchposting WHERE word = 'tourism' AND resource_id = ANY(%s)",
            [excluded[:2]],
        )

    result, _ids = _page({"q": "resilience -tourism"})

    assert result.total == len(everything) + len(
        set(excluded[:2]) & set(_in_entries_order({"q": "resilience"}))
    )


# --- The searches asked most get groups too ---------------------------------------------------


def asked(query, times, *, days_ago=0):
    SearchLog.objects.bulk_create(
        SearchLog(
            query=query,
            result_count=1,
            searched_on=timezone.localdate() - timedelta(days=days_ago),
        )
        for _ in range(times)
    )


def test_the_searches_asked_most_get_groups(client, names_library):  # noqa: F811 - the fixture
    for number in range(6):  # (the words apart: ts_rank of an AND ranks these lower)
        ResourceFactory(title=f"A plan of {number} steps", summary="For the resilience of towns.")
    for _ in range(groups.ASKED_FROM):  # asked on the page, which logs each first page
        client.get("/resources/", {"q": "Resilience plan"})
    asked("coronavirus plan", groups.ASKED_FROM - 1)  # not asked often enough
    asked("resilience notes", groups.ASKED_FROM, days_ago=groups.ASKED_DAYS)  # not lately
    asked("resilience -plan", groups.ASKED_FROM)  # a negation: a resource's words can't tell
    asked("plans", groups.ASKED_FROM)  # one plain word: its postings serve it in order

    groups.build_groups(minimum=1)

    texts = group_texts()
    assert query_text("resilience plan") in texts  # an AND of the glossary's OR and a word
    for other in ("coronavirus plan", "resilience notes", "resilience -plan", "plans"):
        assert query_text(other) not in texts
    assert rows(HELD_SQL) == rows(EXPECTED_SQL)

    # the pages read from it are those of the entries' ranking (ts_rank of the AND: how close
    # the words stand), and the search reads it
    everything = _in_entries_order({"q": "resilience plan"})
    assert len(everything) > 20
    assert _every_page({"q": "resilience plan"}, len(everything)) == everything
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM resources_searchgroupposting AS p USING resources_searchgroup AS g "
            "WHERE g.id = p.group_id AND g.query_text = %s AND p.resource_id = %s",
            [query_text("resilience plan"), everything[0]],
        )
    assert _page({"q": "resilience plan"})[1][0] == everything[1]


def test_a_misspelt_search_asked_often_gets_the_group_of_the_search_the_page_makes(
    client,
    names_library,  # noqa: F811 - the fixture
):
    asked("resilience plann", groups.ASKED_FROM)
    page = client.get("/resources/", {"q": "resilience plann"})
    assert page.context["result"].corrected_q == "resilience plan"

    groups.build_groups(minimum=1)

    assert query_text("resilience plan") in group_texts()
    assert query_text("resilience plann") not in group_texts()


def test_a_group_of_an_asked_search_follows_the_library_and_goes_when_no_longer_asked(
    names_library,  # noqa: F811 - the fixture
):
    asked("resilience plan", groups.ASKED_FROM, days_ago=groups.ASKED_DAYS - 1)
    groups.build_groups(minimum=1)
    assert query_text("resilience plan") in group_texts()

    ResourceFactory(title="A resilience plan for shelters")  # the trigger adds it
    edited = next(resource for resource in names_library if resource.title_ko == "회복력 계획")
    edited.title_ko = ""
    services.save_resource(resource=edited, publishers=[], topics=[])
    assert rows(HELD_SQL) == rows(EXPECTED_SQL)

    SearchLog.objects.update(searched_on=timezone.localdate() - timedelta(days=groups.ASKED_DAYS))
    built = groups.build_groups(minimum=1)

    assert query_text("resilience plan") not in group_texts()
    assert built.dropped == 1


def test_only_the_searches_asked_most_get_groups(names_library, monkeypatch):  # noqa: F811
    monkeypatch.setattr(groups, "ASKED_GROUPS", 1)
    asked("resilience plan", groups.ASKED_FROM + 1)
    asked("Coronavirus notes", groups.ASKED_FROM)
    asked("coronavirus NOTES", 1)  # the same search, typed otherwise: now asked more

    assert groups.asked_queries() == [expand("coronavirus notes").words]


def test_a_query_with_a_negation_or_a_prefix_cannot_have_a_group(db):
    for tsquery in ("'plan' & !'notes'", "'plan':*", "'plan':A"):
        with (
            pytest.raises(ProgrammingError, match="needs words and phrases"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT resources_make_search_group(%s::tsquery)", [tsquery])
    assert group_texts() == set()
