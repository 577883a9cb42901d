"""The reader's words as the index holds them, and as one SQL text query.

Korean is indexed as two-syllable pairs by the database itself (migration 0008,
``resources_hangul_bigrams``): "서울에서" is stored as "서울 울에 에서". A Korean word typed here
becomes the same pairs, all of which must be found, after a trailing particle or ending is cut
off ("회복력을" searches 회복 and 복력, which "회복력" and "회복력을" both hold). A word mixing
Hangul with other characters ("코로나19"), an excluded word and a quoted phrase keep their
pairs side by side, as a phrase.
A lone syllable matches every pair it begins (``resources_search_query``). Other words pass
unchanged to ``websearch_to_tsquery`` with the English configuration, quotes, ``or`` and
``-`` included.

``Words`` is what is searched: every group must match, through one of its alternatives (the
glossary, ``expansion``, adds alternatives); ``Words.sql`` is one tsquery, whatever the number
of alternatives.
"""

import re
from dataclasses import dataclass

from common.bilingual import HAS_HANGUL, SYLLABLES

HANGUL_RUN = re.compile(f"[{SYLLABLES}]+")
WORD_CHARACTER = re.compile(r"\w")
# A Korean word run into digits or Latin letters, as written: "코로나19".
MIXED_WORD = re.compile(f"[{SYLLABLES}]+[0-9A-Za-z]+")
TOKEN = re.compile(r'"[^"]*"?|\S+')
# Particles and endings cut off a Korean word typed alone (longest first), when at least two
# syllables remain: "서울에서" and "서울시" search "서울", "도시" stays whole. Cutting only ever
# widens what a word finds (its pairs are a subset of the whole word's).
ENDINGS = sorted(
    (
        *("에서는", "에게서", "으로는", "으로써", "으로서", "이라는"),
        *("에서", "에게", "으로", "까지", "부터", "처럼", "보다", "이나", "에는", "에도"),
        *("로서", "로써", "와의", "과의", "하고", "이란", "이며", "들의", "들을", "들이", "들은"),
        *("의", "을", "를", "이", "가", "은", "는", "에", "와", "과", "도", "로", "만", "시"),
        "들",
    ),
    key=len,
    reverse=True,
)


def hangul_bigrams(text: str) -> str:
    """What ``resources_hangul_bigrams`` makes of a text (the database's analysis, in Python
    for the query side): each Hangul run as its overlapping pairs, other text unchanged."""

    def pairs(match):
        run = match.group()
        if len(run) == 1:
            return f" {run} "
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    return HANGUL_RUN.sub(pairs, text)


def stem(word: str) -> str:
    """A Korean word without its trailing particle or ending (at most two: "서울시의")."""
    for _ in range(2):
        for ending in ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 2:
                word = word[: -len(ending)]
                break
        else:
            break
    return word


def _korean_token(token: str) -> str:
    negated = token.startswith("-")
    body = token[1:] if negated else token
    runs = HANGUL_RUN.findall(body)
    last = runs[-1]
    # Only a particle at the end of the typed word is cut ("코로나19" keeps its syllables).
    if body.rstrip().endswith(last):
        body = body[: body.rfind(last)] + stem(last)
    words = hangul_bigrams(body).split()
    if len(words) == 1:
        text = words[0]
    elif negated or WORD_CHARACTER.search(HANGUL_RUN.sub("", body)):
        text = '"' + " ".join(words) + '"'
    else:
        # A word of Hangul alone: its pairs, all of them (the pairs of one word overlap, so
        # they hardly ever occur apart), rather than side by side. Positions are then never
        # needed: the index answers alone, and a glossary-widened search can be served from
        # the postings (resources/search/query.py).
        text = " ".join(words)
    return f"-{text}" if negated else text


# "또는" ("or") works as "or" does.
OR_WORDS = {"or", "또는"}


def websearch_text(q: str) -> str:
    """The words in websearch syntax, Korean ones as the index's pairs."""
    if not HAS_HANGUL.search(q):
        return q
    tokens = []
    for token in TOKEN.findall(q):
        if token in OR_WORDS:
            tokens.append("or")
        elif not HAS_HANGUL.search(token):
            tokens.append(token)
        elif token.startswith('"'):  # a phrase keeps every pair, in order
            tokens.append('"' + " ".join(hangul_bigrams(token.strip('"')).split()) + '"')
        else:
            tokens.append(_korean_token(token))
    return " ".join(tokens)


def hangul_terms(q: str) -> list[str]:
    """The Korean words of a query as they are searched (for marking them in headlines)."""
    terms = []
    for token in TOKEN.findall(q):
        runs = HANGUL_RUN.findall(token)
        if token.startswith("-") or not runs or token in OR_WORDS:
            continue
        if token.startswith('"'):
            terms += runs
        else:
            terms += [*runs[:-1], stem(runs[-1])]
        # "코로나19": the whole word is marked, not its Korean alone (longest first).
        terms += MIXED_WORD.findall(token)
    return sorted(set(terms), key=len, reverse=True)


@dataclass(frozen=True)
class Words:
    """What a search looks for: every group matches through one of its alternatives (each
    in websearch syntax, as the reader typed it or as the glossary adds it)."""

    groups: tuple[tuple[str, ...], ...]
    # For partial matches (``loosened``): each of the reader's words with its alternatives; a
    # hit ranks by how many of them it matches.
    units: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, q: str) -> "Words":
        return cls(((q,),) if q.strip() else ())

    def __bool__(self):
        return bool(self.groups)

    def sql(self) -> tuple[str, list]:
        """One tsquery: ``resources_search_query`` of each alternative, ORed, then ANDed."""
        parts, params = [], []
        for group in self.groups:
            alternatives = [websearch_text(text) for text in group]
            parts.append(
                "(" + " || ".join("resources_search_query(%s)" for _ in alternatives) + ")"
            )
            params += alternatives
        if not parts:
            return "resources_search_query('')", []
        return "(" + " && ".join(parts) + ")", params

    def loosened(self) -> "Words | None":
        """Any of the words instead of all of them (one group of every word and every name
        the glossary added), when there are at least two: for the best partial matches."""
        alternatives, units = [], []
        for group in self.groups:
            words = [
                token
                for token in TOKEN.findall(group[0])
                if not token.startswith("-") and token.casefold() not in OR_WORDS
            ]
            # a glossary term's other names come along with the words typed
            alternatives += words + list(group[1:])
            units += [(word, *group[1:]) for word in words]
        if len(units) < 2:
            return None
        return Words((tuple(alternatives),), units=tuple(units))

    def split_exclusions(self) -> tuple["Words", tuple[str, ...]]:
        """The words without the ones excluded ("recovery -tourism": recovery), and the words
        excluded (tourism), as websearch text. Only single excluded words of a group of one
        alternative are split off; with "or", or nothing excluded, the words stay whole
        (``(self, ())``). A hit must match the rest and hold none of the excluded words, and
        ranks by the rest alone: an excluded word removes hits but does not rank the others
        (``ts_rank`` of the whole query would weigh only how close the other words stand)."""
        if self.units:
            return self, ()
        groups, excluded = [], []
        for group in self.groups:
            tokens = TOKEN.findall(group[0])
            if len(group) > 1 or any(token.casefold() in OR_WORDS for token in tokens):
                groups.append(group)
                continue
            kept = []
            for token in tokens:
                if token.startswith("-") and len(token) > 1 and not token.startswith('-"'):
                    excluded.append(token[1:])
                else:
                    kept.append(token)
            if kept:
                groups.append((" ".join(kept),))
        if not excluded or not groups:
            return self, ()
        return Words(tuple(groups)), tuple(excluded)

    @property
    def text(self) -> str:
        """The words as typed (the first alternative of each group), for headlines."""
        return " ".join(group[0] for group in self.groups)
