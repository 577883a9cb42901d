"""The reader's words widened by the glossary: a Korean word also finds English resources and
the reverse ("코로나19" also searches COVID-19, coronavirus, 2019-nCoV...).

Each run of typed words that names a glossary term (longest first, whatever its case, a Korean
word with or without its particle, an English one with or without a plural "s") becomes a group
of alternatives: what was typed (its words in any order), and the term's other names, each a
phrase. The other words
stay as typed. Everything goes into one text query (``analysis.Words``): no extra SQL query,
however many names are added. A search using ``or`` (or "또는") is taken as written (websearch's ``or``
binds more loosely than the words around it, so alternatives could not be added inside it).
"""

from dataclasses import dataclass, field

from directory import glossary
from resources.search.analysis import HAS_HANGUL, OR_WORDS, TOKEN, Words, stem

# At most this many names are added for one typed term, and this many terms are widened.
NAMES_PER_TERM = 8
TERMS_PER_SEARCH = 4
PUNCTUATION = ".,;:!?()[]{}'\u2019"


@dataclass
class Expanded:
    """What a search looks for, and what the glossary added to the reader's words."""

    words: Words
    also: list[str] = field(default_factory=list)  # the names added, in order
    off: bool = False  # the glossary had names to add, but the reader turned it off


def _normal(token: str) -> str:
    token = token.casefold().strip(PUNCTUATION)
    if HAS_HANGUL.search(token):
        return stem(token)
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def _key(text: str) -> tuple[str, ...]:
    return tuple(_normal(token) for token in text.split())


def _index(terms: list) -> tuple[dict, int]:
    """Each name's key (its normalised words) and the term it names; the longest key. Made
    once for each loading of the glossary (``glossary.terms`` returns the same list until it
    reads the terms again), not for every search: it normalises every name of every term."""
    if _made["terms"] is not terms:
        index, longest = {}, 1
        for number, names in enumerate(terms):
            for name in names:
                key = _key(name)
                if key and all(key):
                    index.setdefault(key, number)
                    longest = max(longest, len(key))
        _made.update(terms=terms, index=(index, longest))
    return _made["index"]


_made: dict = {"terms": None, "index": ({}, 1)}


def _phrase(name: str) -> str:
    return f'"{name}"' if len(name.split()) > 1 else name


def expand(q: str, *, enabled: bool = True) -> Expanded:
    tokens = TOKEN.findall(q)
    if not tokens or any(token.casefold() in OR_WORDS for token in tokens):
        return Expanded(Words.of(q))
    terms = glossary.terms()
    index, longest = _index(terms)
    plain = [not token.startswith(('"', "-")) for token in tokens]
    rest, groups, also, position = [], [], [], 0
    while position < len(tokens):
        found = None
        if plain[position] and len(groups) < TERMS_PER_SEARCH:
            for size in range(min(longest, len(tokens) - position), 0, -1):
                span = tokens[position : position + size]
                if all(plain[position : position + size]) and (
                    (number := index.get(_key(" ".join(span)))) is not None
                ):
                    found = size, number
                    break
        if found is None:
            rest.append(tokens[position])
            position += 1
            continue
        size, number = found
        typed = " ".join(tokens[position : position + size])
        typed_key = _key(typed)
        names = [name for name in terms[number] if _key(name) != typed_key][:NAMES_PER_TERM]
        # what was typed keeps its words apart ("Asia Pacific" finds "Asia and the Pacific"),
        # the added names are phrases
        groups.append((typed, *(_phrase(name) for name in names)))
        also += [name for name in names if name not in also]
        position += size
    if not groups:
        return Expanded(Words.of(q))
    if not enabled:
        return Expanded(Words.of(q), off=True)
    head = ((" ".join(rest),),) if rest else ()
    return Expanded(Words((*head, *groups)), also=also)
