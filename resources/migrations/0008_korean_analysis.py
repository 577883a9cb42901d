import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

# Korean analysis in the database, so that every writer (services, admin, bulk imports, raw
# SQL) gets the same index without Python: each run of Hangul syllables becomes its
# overlapping two-syllable pairs ("서울에서" -> "서울 울에 에서"), a one-syllable run stays as it is.
# Particles and endings then no longer hide a word: "서울" is one of the pairs of "서울에서" and
# of "서울시". Other text passes unchanged. The query side (resources/search/analysis.py) makes
# the same pairs of the reader's words.
#
# The resource's vector is the value of one function of its text columns, so that a fresh
# analysis can be compared with the stored one (check_search_index) and a changed analyser
# needs only CREATE OR REPLACE and reindex_search, not a new column.
FUNCTIONS = r"""
CREATE FUNCTION resources_hangul_bigrams(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN t IS NULL OR t !~ '[가-힣]' THEN coalesce(t, '') ELSE (
        SELECT string_agg(
            CASE WHEN m.parts[1] !~ '^[가-힣]' THEN m.parts[1]
                 WHEN length(m.parts[1]) = 1 THEN ' ' || m.parts[1] || ' '
                 ELSE ' ' || (SELECT string_agg(substr(m.parts[1], i, 2), ' ' ORDER BY i)
                                FROM generate_series(1, length(m.parts[1]) - 1) AS i) || ' '
            END, '' ORDER BY m.n)
          FROM regexp_matches(t, '[가-힣]+|[^가-힣]+', 'g') WITH ORDINALITY AS m(parts, n)
    ) END
$$;

CREATE FUNCTION resources_search_document(
    title text, title_ko text, publishers text, topics text, summary text, summary_ko text
) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('english'::regconfig, resources_hangul_bigrams(title)), 'A')
        || setweight(to_tsvector('english'::regconfig, resources_hangul_bigrams(title_ko)), 'A')
        || setweight(to_tsvector('english'::regconfig, resources_hangul_bigrams(
               coalesce(publishers, '') || ' ' || coalesce(topics, ''))), 'B')
        || setweight(to_tsvector('english'::regconfig, resources_hangul_bigrams(summary)), 'C')
        || setweight(to_tsvector('english'::regconfig, resources_hangul_bigrams(summary_ko)), 'C')
$$;

-- A search's words as a text query: the reader's words (already in pairs, as the websearch
-- syntax of websearch_to_tsquery), a lone syllable matching every word it begins.
CREATE FUNCTION resources_search_query(words text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(websearch_to_tsquery('english'::regconfig, words)::text,
                          '''([가-힣])''', '''\1'':*', 'g')::tsquery
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION resources_search_query(text);
DROP FUNCTION resources_search_document(text, text, text, text, text, text);
DROP FUNCTION resources_hangul_bigrams(text);
"""

# The new column was computed with the table rewrite, which fires no trigger: the search
# entries take the new vectors, their postings are made anew, and the column stays in the row
# (migration 0004).
REFRESH = """
ALTER TABLE resources_resource ALTER COLUMN search_vector SET STORAGE MAIN;
ALTER TABLE resources_searchentry DISABLE TRIGGER resources_search_postings;
UPDATE resources_searchentry AS e SET search_vector = r.search_vector
  FROM resources_resource AS r WHERE r.id = e.id;
ALTER TABLE resources_searchentry ENABLE TRIGGER resources_search_postings;
SELECT resources_refill_search_postings();
"""


def vector(function):
    return models.GeneratedField(
        db_persist=True,
        expression=function,
        output_field=django.contrib.postgres.search.SearchVectorField(),
        verbose_name="search vector",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0007_search_postings"),
    ]

    operations = [
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.RemoveIndex(model_name="resource", name="resources_search_vector_gin"),
        migrations.RemoveField(model_name="resource", name="search_vector"),
        migrations.AddField(
            model_name="resource",
            name="search_vector",
            field=vector(
                models.Func(
                    models.F("title"),
                    models.F("title_ko"),
                    models.F("search_publishers"),
                    models.F("search_topics"),
                    models.F("summary_text"),
                    models.F("summary_ko"),
                    function="resources_search_document",
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                )
            ),
        ),
        migrations.AddIndex(
            model_name="resource",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="resources_search_vector_gin"
            ),
        ),
        migrations.RunSQL(REFRESH, migrations.RunSQL.noop),
    ]
