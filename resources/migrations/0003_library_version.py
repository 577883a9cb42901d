from django.db import migrations, models

# Columns whose change can change a facet count, the total or a facet value's label
# (publisher and topic names reach the resource rows through refresh_search_columns).
FACET_COLUMNS = "status, kind, published_on, topic_ids, publisher_ids, countries, languages"

CREATE = f"""
CREATE SEQUENCE resources_library_version_seq;
CREATE FUNCTION resources_bump_library_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO resources_libraryversion (id, number)
    VALUES (1, nextval('resources_library_version_seq'))
    ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number;
    RETURN NULL;
END
$$;
-- BEFORE the statement: the version row is locked before any resource row it touches.
CREATE TRIGGER resources_library_changed
    BEFORE INSERT OR DELETE OR UPDATE OF {FACET_COLUMNS} ON resources_resource
    FOR EACH STATEMENT EXECUTE FUNCTION resources_bump_library_version();
-- AFTER a truncate, which may empty the version table in the same statement (flush).
CREATE TRIGGER resources_library_truncated
    AFTER TRUNCATE ON resources_resource
    FOR EACH STATEMENT EXECUTE FUNCTION resources_bump_library_version();
INSERT INTO resources_libraryversion (id, number)
VALUES (1, nextval('resources_library_version_seq'));
"""

DROP = """
DROP TRIGGER resources_library_truncated ON resources_resource;
DROP TRIGGER resources_library_changed ON resources_resource;
DROP FUNCTION resources_bump_library_version();
DROP SEQUENCE resources_library_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0002_add_facet_covering_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="LibraryVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(verbose_name="number")),
            ],
            options={
                "verbose_name": "library version",
                "verbose_name_plural": "library versions",
                "ordering": ["id"],
            },
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
