from django.db import migrations

# The parts of a text query that any one suffices for: a search widened by the glossary is an
# OR of names ("코로나19 | COVID-19 | coronavirus ..."), and such a query can be served from the
# postings of its words (resources/search/query.py) instead of ranking every hit's vector.
#
# One row per part of the query's top-level OR, with the part's words and whether it is a
# phrase (its words must also stand side by side, which the postings cannot tell; the search
# entries then decide). No rows at all when a part is anything else (a negation, a nested OR,
# a prefix or a weight), so that the caller keeps to the search entries.
CREATE = r"""
CREATE FUNCTION resources_query_disjuncts(query tsquery)
RETURNS TABLE (words text[], phrase boolean)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
    WITH tokens AS (
        SELECT t.m[1] AS token, t.n
          FROM regexp_matches(query::text, '''(?:[^'']|'''')*''(?::[*A-D]+)?|<[0-9]+>|<->|[&|!()]',
                              'g') WITH ORDINALITY AS t(m, n)
    ), numbered AS (
        SELECT token, n, count(*) FILTER (WHERE token = '|') OVER (ORDER BY n) AS part FROM tokens
    )
    SELECT array_agg(replace(replace(substr(token, 2, length(token) - 2), '''''', ''''),
                             '\\', '\') ORDER BY n) FILTER (WHERE token LIKE '''%'),
           bool_or(token LIKE '<%')
      FROM numbered
     WHERE NOT EXISTS (SELECT 1 FROM tokens AS other
                        WHERE other.token IN ('(', ')', '!') OR other.token ~ ''':[*A-D]+$')
     GROUP BY part
     ORDER BY part
$fn$;
"""

DROP = "DROP FUNCTION resources_query_disjuncts(tsquery);"


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0011_add_search_log_opens_link_health"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
