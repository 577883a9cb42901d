"""Start the project's own PostgreSQL from the ``pgserver`` wheel.

Used only when ``DATABASE_URL`` is unset, so that a fresh clone needs nothing but Python:
the server lives in a git-ignored folder of the project, keeps running between commands
(``cleanup_mode=None``) and is reused by every later command, test databases included.
"""

import warnings
from pathlib import Path


def embedded_database(data_dir: Path, name: str = "forum") -> dict:
    """Return Django's DATABASES entry for the embedded server, starting it if needed."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; the fallback it picks is fine.
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(data_dir, cleanup_mode=None)
    if not name.isidentifier():
        raise ValueError(f"Unsafe database name: {name!r}")
    query = f"SELECT 1 FROM pg_database WHERE datname = '{name}';"  # noqa: S608 - checked above
    if "(1 row)" not in server.psql(query):
        server.psql(f'CREATE DATABASE "{name}";')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": str(server.get_postmaster_info().socket_dir),
    }
