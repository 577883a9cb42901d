from django.db import migrations

# Search groups for any search of words and phrases, not only an OR of them: the searches
# readers ask most (resources/search/groups.py) are kept too, "재난 대응" (an AND of two of the
# glossary's ORs) among them, whose ts_rank weighs how close the words stand and so had to
# read and rank every hit's vector.
#
# The trigger of migration 0013 finds a changed resource's groups by their words: a resource
# holding none of a query's words cannot match it. That holds for any query without a
# negation or a prefix (or weights), whatever its ANDs, ORs and phrases, so a group's words are
# now every word of its query, and only such queries are refused.
CREATE = r"""
-- Every word of the query, once each; NULL when the query has a negation, a prefix or weights
-- (a resource could match it without holding any of its words, or need more than them).
CREATE FUNCTION resources_query_words(query tsquery) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
    SELECT CASE WHEN bool_or(t.m[1] = '!' OR t.m[1] ~ ''':[*A-D]+$') THEN NULL
                ELSE array_agg(DISTINCT replace(replace(substr(t.m[1], 2, length(t.m[1]) - 2),
                                                        '''''', ''''), '\\', '\'))
                     FILTER (WHERE t.m[1] LIKE '''%')
           END
      FROM regexp_matches(query::text, '''(?:[^'']|'''')*''(?::[*A-D]+)?|!', 'g') AS t(m)
$fn$;

CREATE OR REPLACE FUNCTION resources_make_search_group(wanted tsquery) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    made bigint;
    words text[] := resources_query_words(wanted);
BEGIN
    IF words IS NULL OR cardinality(words) = 0 THEN
        RAISE EXCEPTION 'a search group needs words and phrases without a negation or a prefix, not %',
            wanted;
    END IF;
    LOCK TABLE resources_searchentry IN SHARE MODE;
    INSERT INTO resources_searchgroup (query, query_text, words)
    VALUES (wanted, wanted::text, words)
    ON CONFLICT (query_text) DO NOTHING
    RETURNING id INTO made;
    IF made IS NOT NULL THEN
        INSERT INTO resources_searchgroupposting
               (group_id, resource_id, rank, published_on, published_at)
        SELECT made, e.id, ts_rank(e.search_vector, wanted), e.published_on, e.published_at
          FROM resources_searchentry AS e
         WHERE e.search_vector @@ wanted;
    ELSE
        SELECT g.id INTO made FROM resources_searchgroup AS g WHERE g.query_text = wanted::text;
    END IF;
    RETURN made;
END
$$;
"""

# Back to migration 0013's function (an OR of words and phrases only); groups made since
# stay, and are kept by the trigger as before.
DROP = r"""
CREATE OR REPLACE FUNCTION resources_make_search_group(wanted tsquery) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    made bigint;
BEGIN
    IF NOT EXISTS (SELECT FROM resources_query_disjuncts(wanted)) THEN
        RAISE EXCEPTION 'a search group needs an OR of words and phrases, not %', wanted;
    END IF;
    LOCK TABLE resources_searchentry IN SHARE MODE;
    INSERT INTO resources_searchgroup (query, query_text, words)
    SELECT wanted, wanted::text, ARRAY(SELECT DISTINCT w FROM resources_query_disjuncts(wanted) AS d,
                                       unnest(d.words) AS w)
    ON CONFLICT (query_text) DO NOTHING
    RETURNING id INTO made;
    IF made IS NOT NULL THEN
        INSERT INTO resources_searchgroupposting
               (group_id, resource_id, rank, published_on, published_at)
        SELECT made, e.id, ts_rank(e.search_vector, wanted), e.published_on, e.published_at
          FROM resources_searchentry AS e
         WHERE e.search_vector @@ wanted;
    ELSE
        SELECT g.id INTO made FROM resources_searchgroup AS g WHERE g.query_text = wanted::text;
    END IF;
    RETURN made;
END
$$;
DROP FUNCTION resources_query_words(tsquery);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0013_search_groups"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
