from django.db import migrations

# Postings: one row per word of each search entry, with the rank ts_rank gives the entry for
# that word alone, kept by a trigger on the search entries (migration 0005 keeps those).
#
# A search for one word ranks every hit: PostgreSQL reads and ranks each of the word's entries
# (18,000 rows and 30 ms for "measures" in 100,000 resources). Here the word's postings lie
# side by side in an index in the order of the results page (rank, then newest), so its hits
# come in order from an index-only scan (4 ms). ts_rank of a one-word query depends on that
# word's positions and weights alone, so the stored rank is the one the search would compute.
# The primary key finds a resource's postings again when its entry changes.
CREATE = r"""
CREATE TABLE resources_searchposting (
    resource_id bigint NOT NULL,
    published_at timestamp with time zone NULL,
    rank real NOT NULL,
    published_on date NULL,
    word text NOT NULL,
    PRIMARY KEY (word, resource_id)
);
CREATE INDEX resources_searchposting_ranked ON resources_searchposting
    (word, rank DESC, published_on DESC NULLS LAST, published_at DESC NULLS LAST,
     resource_id DESC);

-- The query that finds exactly one word (a tsquery operand, quoted as tsquery input wants).
CREATE FUNCTION resources_word_query(word text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ('''' || replace(replace(word, '\', '\\'), '''', '''''') || '''')::tsquery
$$;

-- The word of a query that is one plain word (no operator, weight or prefix), else NULL.
CREATE FUNCTION resources_single_word(query tsquery) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN numnode(query) = 1 THEN
        replace(replace(substring(query::text FROM '^''(.*)''$'), '''''', ''''), '\\', '\')
    END
$$;

CREATE FUNCTION resources_sync_search_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.published_on IS NOT DISTINCT FROM OLD.published_on
       AND NEW.published_at IS NOT DISTINCT FROM OLD.published_at THEN
        -- Only the words that came, went or changed rank (a renamed publisher, say): a word's
        -- rank depends on its own occurrences, not on where the other words stand. A bulk
        -- refresh of the search columns then rewrites a few postings per resource, not all.
        IF NEW.search_vector = OLD.search_vector THEN
            RETURN NULL;
        END IF;
        DELETE FROM resources_searchposting AS p
         USING (SELECT o.word, ts_rank(OLD.search_vector, resources_word_query(o.word)) AS rank
                  FROM unnest(tsvector_to_array(OLD.search_vector)) AS o(word)
                EXCEPT
                SELECT n.word, ts_rank(NEW.search_vector, resources_word_query(n.word))
                  FROM unnest(tsvector_to_array(NEW.search_vector)) AS n(word)) AS gone
         WHERE p.word = gone.word AND p.resource_id = OLD.id;
        INSERT INTO resources_searchposting (word, resource_id, rank, published_on, published_at)
        SELECT came.word, NEW.id, came.rank, NEW.published_on, NEW.published_at
          FROM (SELECT n.word, ts_rank(NEW.search_vector, resources_word_query(n.word)) AS rank
                  FROM unnest(tsvector_to_array(NEW.search_vector)) AS n(word)
                EXCEPT
                SELECT o.word, ts_rank(OLD.search_vector, resources_word_query(o.word))
                  FROM unnest(tsvector_to_array(OLD.search_vector)) AS o(word)) AS came;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM resources_searchposting
         WHERE word = ANY (tsvector_to_array(OLD.search_vector)) AND resource_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO resources_searchposting (word, resource_id, rank, published_on, published_at)
        SELECT w.word, NEW.id, ts_rank(NEW.search_vector, resources_word_query(w.word)),
               NEW.published_on, NEW.published_at
          FROM unnest(tsvector_to_array(NEW.search_vector)) AS w(word);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER resources_search_postings
    AFTER INSERT OR DELETE OR UPDATE ON resources_searchentry
    FOR EACH ROW EXECUTE FUNCTION resources_sync_search_postings();

CREATE FUNCTION resources_empty_search_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE resources_searchposting;
    RETURN NULL;
END
$$;
CREATE TRIGGER resources_search_postings_truncated
    AFTER TRUNCATE ON resources_searchentry
    FOR EACH STATEMENT EXECUTE FUNCTION resources_empty_search_postings();

-- Every entry's postings made anew, in one statement: for bulk loads, which leave the row
-- trigger off meanwhile (generate_bench_data), and for the entries already there.
CREATE FUNCTION resources_refill_search_postings() RETURNS void LANGUAGE sql AS $$
    TRUNCATE resources_searchposting;
    INSERT INTO resources_searchposting (word, resource_id, rank, published_on, published_at)
    SELECT w.word, e.id, ts_rank(e.search_vector, resources_word_query(w.word)),
           e.published_on, e.published_at
      FROM resources_searchentry AS e, unnest(tsvector_to_array(e.search_vector)) AS w(word)
     ORDER BY w.word, e.id;
$$;
SELECT resources_refill_search_postings();
ANALYZE resources_searchposting;
"""

DROP = """
DROP TRIGGER resources_search_postings_truncated ON resources_searchentry;
DROP FUNCTION resources_refill_search_postings();
DROP FUNCTION resources_empty_search_postings();
DROP TRIGGER resources_search_postings ON resources_searchentry;
DROP FUNCTION resources_sync_search_postings();
DROP FUNCTION resources_single_word(tsquery);
DROP FUNCTION resources_word_query(text);
DROP TABLE resources_searchposting;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0006_search_entry_fixed_width_first"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
