"""The search package's modules import one way (resources/search/__init__.py lists the order)."""

import ast
from pathlib import Path

import resources.search

PACKAGE = Path(resources.search.__file__).parent
# Each module may import only the ones before it.
ORDER = [
    "analysis",
    "expansion",
    "facets",
    "query",
    "groups",
    "hits",
    "state",
    "rendering",
    "page",
]


def imported_siblings(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):  # anywhere in the module: a lazy import counts too
        if isinstance(node, ast.ImportFrom) and node.module == "resources.search":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "resources.search."
        ):
            found.add(node.module.removeprefix("resources.search.").split(".")[0])
        elif isinstance(node, ast.Import):
            found |= {
                alias.name.removeprefix("resources.search.").split(".")[0]
                for alias in node.names
                if alias.name.startswith("resources.search.")
            }
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{module}: relative import")
    return found


def test_search_modules_are_the_listed_ones():
    modules = {path.stem for path in PACKAGE.glob("*.py")} - {"__init__"}

    assert modules == set(ORDER)
    assert imported_siblings("__init__") == set()


def test_search_modules_import_only_the_ones_before_them():
    upward = {
        module: sorted(imported_siblings(module) - set(ORDER[:position]))
        for position, module in enumerate(ORDER)
    }

    assert upward == {module: [] for module in ORDER}
    assert imported_siblings("page") == {
        "expansion",
        "facets",
        "query",
        "hits",
        "state",
        "rendering",
    }
