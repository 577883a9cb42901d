"""The bench app's one setting, read from the environment (and ``.env``, which the project's
settings have loaded by the time URLs are read), as strictly as the project's own."""

import os

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def _strict_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, str(default)).strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise SystemExit(f"Configuration error: {name} is malformed (ValueError).")


# A trivial view at /bench/floor for the benchmark's baseline (`make bench`); never in production.
FLOOR_VIEW = _strict_bool("BENCH_FLOOR_VIEW", default=False)
