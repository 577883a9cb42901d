"""The dependency rule (DESIGN): apps import only downwards, events and the library stay apart,
the product never imports the benchmarks, and no app has an import cycle inside it.

The contracts live in pyproject.toml and `make lint` runs them; these tests run the same
``lint-imports`` on the code, then on a copy of it with one bad import added, to show that
each contract catches what it is there for.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]


def lint_imports(tree: Path, *contracts: str) -> subprocess.CompletedProcess:
    """Run the contracts (all, or the named ones) on the packages in ``tree``, in a process of
    its own so that it reads those files and not the modules this test run has imported."""
    selected = [arg for contract in contracts for arg in ("--contract", contract)]
    return subprocess.run(  # noqa: S603 - the venv's own lint-imports, fixed arguments
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", *selected],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the project's Python packages and of pyproject.toml."""

    def not_python(folder, names):
        return [
            name
            for name in names
            if name == "__pycache__"
            or (not name.endswith(".py") and not Path(folder, name).is_dir())
        ]

    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=not_python)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_module(tree: Path, path: str, source: str) -> None:
    module = tree / path
    existing = module.read_text() if module.exists() else ""
    module.write_text(existing + source + "\n")


def test_imports_keep_every_contract():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("contract", "additions", "report"),
    [
        (
            "layers",
            {"directory/upward.py": "import forum_site.urls"},
            "directory is not allowed to import forum_site:\n\n"
            "- directory.upward -> forum_site.urls (l.1)",
        ),
        (
            "layers",
            {"outbox/upward.py": "from registrations.models import Registration"},
            "outbox is not allowed to import registrations:\n\n"
            "- outbox.upward -> registrations.models (l.1)",
        ),
        (
            "layers",
            {"common/upward.py": "from directory.models import Topic"},
            "common is not allowed to import directory:\n\n"
            "- common.upward -> directory.models (l.1)",
        ),
        (
            "features",
            {"events/sideways.py": "from resources.models import Resource"},
            "events is not allowed to import resources:\n\n"
            "- events.sideways -> resources.models (l.1)",
        ),
        (
            "no-bench",
            {"forum_site/views.py": "import bench"},
            "forum_site is not allowed to import bench:\n\n-   forum_site.views -> bench (l.",
        ),
        (
            "no-cycles",
            {
                "accounts/ring.py": "from accounts import views",
                "accounts/views.py": "import accounts.ring",
            },
            "No cycles are allowed in accounts.\nIt could be made acyclic by removing 1 dependency:",
        ),
    ],
    ids=[
        "directory-to-site",
        "outbox-to-registrations",
        "common-to-directory",
        "events-to-library",
        "site-to-bench",
        "cycle",
    ],
)
def test_contract_breaks_on_a_forbidden_import(tree, contract, additions, report):
    before = lint_imports(tree, contract)
    for path, source in additions.items():
        add_module(tree, path, source)

    after = lint_imports(tree, contract)

    assert before.returncode == 0, before.stdout + before.stderr
    assert report not in before.stdout
    assert after.returncode == 1, after.stdout + after.stderr
    assert report in after.stdout


def test_site_urls_may_add_the_bench_view(tree):
    add_module(tree, "forum_site/urls.py", "import bench")

    result = lint_imports(tree, "no-bench")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout
