"""Plain-text helpers shared by the builder and the store."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

# An article slug, topic slug or block name: lowercase words joined by hyphens.
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
# A run of letters and digits: the words of a query and of a phrase key.
PLAIN_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further get gets got had has have having he her here hers him his how i if in into is it its
    itself just like may me might more most much must my no nor not now of off often on once only
    or other our out over own same she should so some such than that the their them then there
    these they this those through to too under until up us very was we were what when where
    which while who whom why will with would you your yours many one two three people person
    called less way ways make makes made need needs used use uses using well even still usually
    sometimes can't don't it's mean means take takes say says tell
    every another lot lots nothing something anything everything
    t s d m ll ve re don didn doesn isn wasn weren aren couldn wouldn shouldn haven hasn
    hadn mustn needn cant dont doesnt didnt isnt wasnt couldnt wouldnt shouldnt havent
    im ive
    """.split()
)


def readable(text: str) -> str:
    """Text that SQLite and a UTF-8 terminal accept. Bytes of a command line that are not
    UTF-8 reach Python as lone surrogates; they become U+FFFD, as any other lone surrogate."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


WEB_LINK_RE = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)


def is_web_link(url: str) -> bool:
    """Whether ``url`` is a whole http(s) address: the only links fsgs shows or exports."""
    return WEB_LINK_RE.fullmatch(url) is not None


def counted(n: int, noun: str) -> str:
    """``1 article``, ``3 articles``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def phrase_key(text: str) -> str:
    """A phrase as search matches it: lowercase words joined by single spaces."""
    return " ".join(m.casefold() for m in PLAIN_WORD_RE.findall(text))


def spoken_key(text: str) -> str:
    """A phrase as intents match it: as ``phrase_key``, with apostrophes dropped rather
    than splitting words, since people type "cant" as often as "can't"."""
    return phrase_key(text.replace("'", "").replace("’", ""))


def sections(tokens: Sequence[Token]) -> list[tuple[str, str]]:
    """A parsed Markdown document (markup.parser) as ``(heading, text)`` pairs; the opening
    text has no heading."""
    found: list[tuple[str, list[str]]] = [("", [])]
    in_heading = False
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
            continue
        if token.type == "heading_close":
            in_heading = False
            continue
        if token.type != "inline" or not token.children:
            continue
        line = " ".join(
            "".join(
                c.content if c.type in ("text", "code_inline") else " "
                for c in token.children
                if c.type in ("text", "code_inline", "softbreak", "hardbreak")
            ).split()
        )
        if in_heading:
            found.append((line, []))
        elif line:
            found[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in found if lines or heading]


def joined(sections: Iterable[tuple[str, str]]) -> str:
    """Sections as one text: each heading on a line of its own (ending in ":" unless it ends
    in a stop or mark), then its text. schema.ARTICLES_SEARCH does the same in SQL."""
    lines: list[str] = []
    for heading, text in sections:
        if heading:
            lines.append(heading if heading[-1] in ".:?!" else heading + ":")
        if text:
            lines.append(text)
    return "\n".join(lines)


def close_matches(word: str, candidates: Iterable[str], n: int = 3, cutoff: int = 60) -> list[str]:
    """The candidates that look most like ``word`` (RapidFuzz's ratio, 0-100, at least
    ``cutoff``), closest first; for "did you mean" on names, topics and terms."""
    from rapidfuzz import fuzz, process

    found = process.extract(
        word, list(dict.fromkeys(candidates)), scorer=fuzz.ratio, limit=None, score_cutoff=cutoff
    )
    return [name for name, _, _ in sorted(found, key=lambda m: (-m[1], m[0]))[:n]]
