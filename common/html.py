"""HTML built in Python, for the few fragments where a template costs too much.

The rule and when it applies: docs/html-from-python.md. In short, templates first; a fragment
repeated per hit or per row that changes with every query may be built here instead, and only
through ``Fragment``, which escapes every value it is given.

``django.utils.html.format_html`` does the same job at four to five times the cost (measured on
a facet value of the search: 66,000 instructions a call against 14,000), and ``str.format``
alone, which parses its template on every call, costs most of a ``Fragment``'s call: a
``Fragment`` parses its template once and compiles it into a function that joins the literal
parts with the escaped values, and marks the result safe.
"""

import functools
import keyword
from collections.abc import Iterable
from html import escape as escape_text
from string import Formatter

from django.utils.safestring import SafeString


def escape(value) -> str:
    """``conditional_escape`` as a plain string: safe HTML (anything with ``__html__``, such as
    another fragment's result) as it is, everything else as escaped text."""
    if value.__class__ is str:
        # Most values (words, numbers, encoded query strings) hold none of the quotes and
        # brackets: for them escaping is replacing "&", which costs a third of escape_text.
        if "<" in value or ">" in value or '"' in value or "'" in value:
            return escape_text(value)
        return value.replace("&", "&amp;") if "&" in value else value
    if value.__class__ is SafeString:
        return value
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape_text(str(value))


class Fragment:
    """A piece of HTML with named holes, ``{name}`` as in ``str.format``, filled by ``fill``.

    ``fill(name=value, ...)`` takes every hole by name, escapes every value (see ``escape``)
    and returns a ``SafeString``. The holes take no format spec or conversion, so a value is
    always the escaped ``str()`` of what was given. Literal braces are doubled.
    """

    __slots__ = ("fill", "names", "template")

    def __init__(self, template: str):
        self.template = template
        literals, names = self._parse(template)
        self.names = frozenset(names)
        self.fill = self._compile(literals, names)

    def __repr__(self) -> str:
        return f"Fragment({self.template!r})"

    def fixed(self, **values) -> "Fragment":
        """A fragment with some holes filled once (escaped, as by ``fill``) and the others left
        open: for the words a page translates once and repeats in every fragment. Compiled
        once for each set of words (a language's), then remembered."""
        unknown = values.keys() - self.names
        if unknown:
            raise KeyError(f"no hole {', '.join(sorted(unknown))} in {self!r}")
        # Keyed by the escaped values: the HTML they put in, whether given as text or as HTML.
        return _fixed(self, tuple((name, escape(value)) for name, value in values.items()))

    @staticmethod
    def _parse(template: str) -> tuple[list[str], list[str]]:
        """The literal parts (one more than the holes) and the holes' names, in order."""
        literals, names = [""], []
        for literal, name, spec, conversion in Formatter().parse(template):
            literals[-1] += literal
            if name is None:
                continue
            if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
                raise ValueError(f"a hole is a plain {{name}}, not {{{name}}}: {template!r}")
            if spec or conversion:
                raise ValueError(f"a hole is a plain {{name}}, without !{conversion}:{spec}")
            names.append(name)
            literals.append("")
        return literals, names

    @staticmethod
    def _compile(literals: list[str], names: list[str]):
        """``fill``: a function of the holes, by name, joining the literal parts with the escaped
        values. Built from the names only (checked identifiers); the literal parts are constants
        of its namespace, never part of its source."""
        namespace = {"_safe": SafeString, "_escape": escape}
        pieces = []
        for number, literal in enumerate(literals):
            namespace[f"_literal{number}"] = literal
            pieces.append(f"_literal{number}")
            if number < len(names):
                pieces.append(f"_escape({names[number]})")
        parameters = f"*, {', '.join(dict.fromkeys(names))}" if names else ""
        source = f"def fill({parameters}):\n    return _safe(''.join(({', '.join(pieces)},)))\n"
        exec(source, namespace)  # noqa: S102 - source made of checked identifiers only
        return namespace["fill"]


@functools.lru_cache(maxsize=256)
def _fixed(fragment: Fragment, escaped: tuple) -> Fragment:
    values = dict(escaped)
    parts = []
    for literal, name, _spec, _conversion in Formatter().parse(fragment.template):
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        if name in values:
            parts.append(values[name].replace("{", "{{").replace("}", "}}"))
        elif name is not None:
            parts.append(f"{{{name}}}")
    return Fragment("".join(parts))


def join(fragments: Iterable) -> SafeString:
    """Filled fragments one after another, as one safe string; a part that is not safe HTML
    (a plain string) is escaped, as by ``fill``."""
    parts = list(fragments)
    if not set(map(type, parts)) <= {SafeString}:
        parts = map(escape, parts)
    return SafeString("".join(parts))
