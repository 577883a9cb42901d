from django.db import migrations

# Search groups: the hits of the glossary's widest searches, kept like the postings of a word.
#
# A search the glossary widened ("covid": covid | COVID-19 | 코로나19 | coronavirus ...) is an
# OR of names whose words have tens of thousands of postings in a large library; summing them
# per resource costs tens of milliseconds a search (NAMES_SQL in resources/search/query.py).
# A group holds one such query and every resource it matches, with the rank ts_rank gives it,
# in an index in the order of the results page: the search then reads its hits in order, as
# for one word (migration 0007). A group is keyed by its exact query, so it is never wrong
# for it: a change to the glossary makes other queries, whose groups are built afresh
# (resources/search/groups.py), and a change to a resource reaches every group here, by the
# trigger, in the same transaction.
CREATE = r"""
CREATE TABLE resources_searchgroup (
    id bigserial PRIMARY KEY,
    query tsquery NOT NULL,
    query_text text NOT NULL UNIQUE,
    -- Every word of the query: a resource holding none of them cannot match it.
    words text[] NOT NULL
);
CREATE INDEX resources_searchgroup_words ON resources_searchgroup USING gin (words);

CREATE TABLE resources_searchgroupposting (
    group_id bigint NOT NULL REFERENCES resources_searchgroup (id) ON DELETE CASCADE,
    resource_id bigint NOT NULL,
    rank real NOT NULL,
    published_on date NULL,
    published_at timestamp with time zone NULL,
    PRIMARY KEY (group_id, resource_id)
);
CREATE INDEX resources_searchgroupposting_ranked ON resources_searchgroupposting
    (group_id, rank DESC, published_on DESC NULLS LAST, published_at DESC NULLS LAST,
     resource_id DESC);

CREATE FUNCTION resources_sync_search_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.search_vector = OLD.search_vector
       AND NEW.published_on IS NOT DISTINCT FROM OLD.published_on
       AND NEW.published_at IS NOT DISTINCT FROM OLD.published_at THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM resources_searchgroupposting AS p
         USING resources_searchgroup AS g
         WHERE p.group_id = g.id AND p.resource_id = OLD.id
           AND g.words && tsvector_to_array(OLD.search_vector);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO resources_searchgroupposting
               (group_id, resource_id, rank, published_on, published_at)
        SELECT g.id, NEW.id, ts_rank(NEW.search_vector, g.query), NEW.published_on,
               NEW.published_at
          FROM resources_searchgroup AS g
         WHERE g.words && tsvector_to_array(NEW.search_vector)
           AND NEW.search_vector @@ g.query;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER resources_search_groups
    AFTER INSERT OR DELETE OR UPDATE ON resources_searchentry
    FOR EACH ROW EXECUTE FUNCTION resources_sync_search_groups();

CREATE FUNCTION resources_empty_search_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE resources_searchgroupposting;
    RETURN NULL;
END
$$;
CREATE TRIGGER resources_search_groups_truncated
    AFTER TRUNCATE ON resources_searchentry
    FOR EACH STATEMENT EXECUTE FUNCTION resources_empty_search_groups();

-- The group of this query, made with every entry it matches unless it exists; its id. Writers
-- of entries wait meanwhile (SHARE mode), so that none commits a match the filling missed.
-- Only for an OR of words and phrases: the trigger finds a resource's groups by their words,
-- which a prefix or a negation would not hold.
CREATE FUNCTION resources_make_search_group(wanted tsquery) RETURNS bigint
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

-- Every group's postings made anew: for bulk loads, which leave the row trigger off meanwhile.
CREATE FUNCTION resources_refill_search_groups() RETURNS void LANGUAGE sql AS $$
    TRUNCATE resources_searchgroupposting;
    INSERT INTO resources_searchgroupposting
           (group_id, resource_id, rank, published_on, published_at)
    SELECT g.id, e.id, ts_rank(e.search_vector, g.query), e.published_on, e.published_at
      FROM resources_searchgroup AS g
      JOIN resources_searchentry AS e ON e.search_vector @@ g.query;
$$;
"""

DROP = """
DROP FUNCTION resources_refill_search_groups();
DROP FUNCTION resources_make_search_group(tsquery);
DROP TRIGGER resources_search_groups_truncated ON resources_searchentry;
DROP FUNCTION resources_empty_search_groups();
DROP TRIGGER resources_search_groups ON resources_searchentry;
DROP FUNCTION resources_sync_search_groups();
DROP TABLE resources_searchgroupposting;
DROP TABLE resources_searchgroup;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0012_search_query_disjuncts"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
