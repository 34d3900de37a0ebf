"""Typed records shared by the content loader, the builder and the store."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    description: str
    order: int


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """An article as written in content/ (the builder's input)."""

    id: int
    slug: str
    title: str
    topic: str
    kind: str
    summary: str
    aliases: tuple[str, ...]
    reviewed: str
    related: tuple[int, ...]
    sources: tuple[Source, ...]
    body: str
    path: str = ""


@dataclass(frozen=True)
class ArticleRef:
    """Enough of an article to list or link it."""

    id: int
    slug: str
    title: str
    summary: str = ""
    topic: str = ""
    reviewed: str = ""


@dataclass(frozen=True)
class RelatedLink:
    id: int
    slug: str
    title: str
    reason: str
    score: float


@dataclass(frozen=True)
class ArticlePage:
    """An article as read from the store, with what the reader shows around it."""

    id: int
    slug: str
    title: str
    topic: str
    topic_title: str
    kind: str
    summary: str
    body: str
    reviewed: str
    sources: tuple[Source, ...]
    related: tuple[RelatedLink, ...]


@dataclass(frozen=True)
class TopicListing:
    slug: str
    title: str
    description: str
    articles: tuple[ArticleRef, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SearchHit:
    id: int
    slug: str
    title: str
    topic: str
    snippet: str
    score: float
    section: str = ""


@dataclass(frozen=True)
class SearchResult:
    """What a search found, and how it read the query."""

    query: str
    hits: tuple[SearchHit, ...]
    expanded: str
    corrected: str | None = None
    suggestions: tuple[str, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()


@dataclass(frozen=True)
class StoreInfo:
    path: str
    schema_version: int
    content_hash: str
    built_at: str
    counts: dict[str, int]
