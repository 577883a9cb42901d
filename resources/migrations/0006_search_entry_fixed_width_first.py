from django.db import migrations

# The search entries rebuilt with the fixed-width columns first. A search reads the dates of
# every hit (to sort the page); behind the vector and the arrays, PostgreSQL had to step over
# each of those variable-width values to find them (about a sixth of a common word's search).
# The table is a copy of the published resources (migration 0005), so it is refilled from
# them; its trigger functions name it, so they need no change.
ENTRY_COLUMNS = (
    "id, published_on, published_at, published_year, search_vector, title, kind, countries, "
    "languages, topic_ids, publisher_ids"
)

REBUILD = f"""
DROP TABLE resources_searchentry;
CREATE TABLE resources_searchentry (
    id bigint NOT NULL PRIMARY KEY,
    published_on date NULL,
    published_at timestamp with time zone NULL,
    published_year integer NULL,
    search_vector tsvector NOT NULL,
    title varchar(300) NOT NULL,
    kind varchar(32) NOT NULL,
    countries varchar(120)[] NOT NULL,
    languages varchar(8)[] NOT NULL,
    topic_ids bigint[] NOT NULL,
    publisher_ids bigint[] NOT NULL
);
INSERT INTO resources_searchentry ({ENTRY_COLUMNS})
SELECT {ENTRY_COLUMNS} FROM resources_resource WHERE status = 'published' ORDER BY id;
CREATE INDEX resources_searchentry_gin ON resources_searchentry USING gin (search_vector);
ANALYZE resources_searchentry;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0005_search_entry"),
    ]

    # The column order is invisible to Django, so going back needs nothing undone.
    operations = [migrations.RunSQL(REBUILD, migrations.RunSQL.noop)]
