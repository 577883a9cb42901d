"""Django's PostgreSQL backend with psycopg's compiled reader of timestamps (see ``base``)."""
