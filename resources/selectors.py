"""Reads for pages that show resources next to other things (home, detail page)."""

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from common.bilingual import reader_language
from resources.models import Resource, ResourcePublisher


def newest_resources(limit: int = 4) -> list[Resource]:
    """The latest published resources with their publishers (two queries)."""
    return list(Resource.objects.published().with_publishers().newest()[:limit])


def other_resources_by_publisher(resource: Resource, *, per_publisher: int = 5) -> list:
    """(organisation, its other published resources) for each publisher, in one query."""
    links = (
        ResourcePublisher.objects.filter(
            organization_id__in=resource.publisher_ids,
            resource__status=Resource.Status.PUBLISHED,
        )
        .exclude(resource_id=resource.pk)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("organization_id")],
                order_by=[
                    F("resource__published_on").desc(nulls_last=True),
                    F("resource_id").desc(),
                ],
            )
        )
        .filter(row__lte=per_publisher)
        .select_related("resource")
        .order_by("organization_id", "row")
    )
    by_organization = {}
    for link in links:
        by_organization.setdefault(link.organization_id, []).append(link.resource)
    return [
        (organization, by_organization.get(organization.pk, []))
        for organization in resource.ordered_publishers
    ]


# "More like this" in one query. Candidates come from indexes, each source bounded, so the
# cost does not grow with the library: resources sharing a topic (topics include the hazards:
# floods, heat, earthquakes...), of the same countries, and whose search vector holds a word of
# this one's title, as the indexes hand them over (sorting every resource of a common topic
# first cost 400 ms in 100,000). The title's words are looked up in the postings (migration
# 0007), whose index stops at the limit, where the entries' GIN index first gathered every
# resource holding any of them (30 ms for a title of common words): a word in a title ranks at
# least 1/1.645 there (0.61, weight A), a word elsewhere at most 0.4 (weight B). The topics
# come from the link table's index for the same reason (the GIN index of the resources'
# topic_ids gathered every resource of a common topic first). They are scored: 3 per shared topic, 2 for a shared
# country, 1 for a shared city, and the rank of their text against this title's words; the
# five best come in the reader's language first.
MORE_LIKE_THIS_SQL = """
WITH me AS (
    SELECT r.id, r.topic_ids, r.countries, r.cities,
           (SELECT string_agg(resources_word_query(w.word)::text || ':A', ' | ')
              FROM unnest(tsvector_to_array(ts_filter(r.search_vector, '{a}'))) AS w(word)
           )::tsquery AS words,
           tsvector_to_array(ts_filter(r.search_vector, '{a}')) AS title_words
      FROM resources_resource AS r WHERE r.id = %(id)s
), candidates AS (
    (SELECT t.resource_id AS id FROM resources_resource_topics AS t
       JOIN resources_resource AS r ON r.id = t.resource_id, me
      WHERE t.topic_id = ANY(me.topic_ids) AND r.status = 'published' AND r.id <> me.id
      LIMIT %(per_source)s)
    UNION
    (SELECT r.id FROM resources_resource AS r, me
      WHERE r.status = 'published' AND r.countries && me.countries AND r.id <> me.id
      LIMIT %(per_source)s)
    UNION
    (SELECT p.resource_id FROM resources_searchposting AS p, me
      WHERE p.word = ANY(me.title_words) AND p.rank >= 0.6 AND p.resource_id <> me.id
      LIMIT %(per_title)s)
), scored AS (
    SELECT r.id,
           3 * cardinality(ARRAY(SELECT unnest(r.topic_ids) INTERSECT
                                 SELECT unnest(me.topic_ids)))
           + CASE WHEN r.countries && me.countries THEN 2 ELSE 0 END
           + CASE WHEN r.cities && me.cities THEN 1 ELSE 0 END
           + CASE WHEN me.words IS NULL THEN 0 ELSE 10 * ts_rank(r.search_vector, me.words) END
           AS score,
           (%(language)s = ANY(r.languages)
            OR (%(language)s = 'ko' AND coalesce(r.title_ko, '') <> '')) AS in_language
      FROM candidates AS c JOIN resources_resource AS r ON r.id = c.id, me
     ORDER BY score DESC, r.published_on DESC NULLS LAST, r.id DESC
     LIMIT %(limit)s
)
SELECT r.*, s.score AS similarity FROM scored AS s JOIN resources_resource AS r ON r.id = s.id
 ORDER BY s.in_language DESC, s.score DESC, r.published_on DESC NULLS LAST, r.id DESC
"""
# Candidates taken from each of the topics and the countries, and from the title's words. The
# first two come in index order, not by likeness: each candidate costs a read of its row and a
# rank of its vector (the query's cost), and measured on 100,000 resources (``make
# bench-search``), 200 of each instead of 300 took a third off the time and 1.5% off the
# five best's scores. The title's words find the likest: they keep 300.
MORE_LIKE_THIS_PER_SOURCE = 200
MORE_LIKE_THIS_PER_TITLE = 300


def related_resources(resource: Resource, *, limit: int = 5) -> list[Resource]:
    """ "More like this": up to ``limit`` published resources most like this one (shared topics,
    countries and cities, similar title words), in the reader's language first; one query."""
    language = reader_language()
    return list(
        Resource.objects.raw(
            MORE_LIKE_THIS_SQL,
            {
                "id": resource.pk,
                "per_source": MORE_LIKE_THIS_PER_SOURCE,
                "per_title": MORE_LIKE_THIS_PER_TITLE,
                "language": language,
                "limit": limit,
            },
        )
    )
