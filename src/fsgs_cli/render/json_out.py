"""JSON output: the ``--json`` shapes, a public contract documented in the README (fields
are only ever added). Each view prints one JSON document."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import Any

from fsgs_cli.models import (
    ArticlePage,
    ArticleRef,
    GlossaryTerm,
    Reading,
    RelatedLink,
    Report,
    SearchResult,
    StoreCheck,
    StoreInfo,
    TopicListing,
)

# The home screen and the "done" line have no JSON shape of their own: they stay plain.
from fsgs_cli.render import URGENT_BANNER
from fsgs_cli.render.plain import done as done
from fsgs_cli.render.plain import home as home
from fsgs_cli.render.plain import marked

JSON_CONTROL_RE = re.compile(r"[\x7f-\x9f]")


def emit(document: Any) -> None:
    """The document as JSON. json escapes the C0 controls; DEL and the C1 controls (which
    some terminals obey) are escaped here too, so that no control character is printed."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    sys.stdout.write(JSON_CONTROL_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def _ref(ref: ArticleRef) -> dict[str, Any]:
    return {"id": ref.id, "slug": ref.slug, "title": ref.title, "summary": ref.summary}


def _topics(listings: Sequence[TopicListing]) -> list[dict[str, Any]]:
    return [
        {
            "slug": t.slug,
            "title": t.title,
            "description": t.description,
            "articles": [_ref(a) for a in t.articles],
        }
        for t in listings
    ]


def _glossary(terms: Sequence[GlossaryTerm]) -> list[dict[str, Any]]:
    return [
        {"term": t.term, "definition": t.definition, "see_also": list(t.see_also)} for t in terms
    ]


def topics(listings: Sequence[TopicListing]) -> None:
    emit(_topics(listings))


def topic(listing: TopicListing) -> None:
    emit(_topics([listing]))


def site_map(listings: Sequence[TopicListing]) -> None:
    emit(_topics(listings))


def article(page: ArticlePage) -> None:
    emit(
        {
            "id": page.id,
            "slug": page.slug,
            "title": page.title,
            "topic": page.topic,
            "summary": page.summary,
            "body": page.body,
            "reviewed": page.reviewed,
            "sources": [{"title": s.title, "url": s.url} for s in page.sources],
            "related": [
                {"id": r.id, "slug": r.slug, "title": r.title, "reason": r.reason}
                for r in page.related
            ],
        }
    )


def search(result: SearchResult) -> None:
    emit(
        {
            "query": result.query,
            "results": [
                {
                    "id": h.id,
                    "slug": h.slug,
                    "title": h.title,
                    "topic": h.topic,
                    "section": h.section,
                    "snippet": marked(h.snippet),
                    "score": h.score,
                }
                for h in result.hits
            ],
            "suggestions": list(result.suggestions),
            "expanded": result.expanded,
            "corrected": result.corrected,
            "did_you_mean": result.did_you_mean,
            "glossary": _glossary(result.glossary),
            "urgent": _urgent(result.urgent),
            "hint": result.hint,
        }
    )


def _urgent(page: ArticleRef | None) -> dict[str, object] | None:
    if page is None:
        return None
    return {"message": URGENT_BANNER, "id": page.id, "slug": page.slug, "title": page.title}


def related(article: ArticleRef, links: Sequence[RelatedLink]) -> None:
    emit(
        {
            "article": {"id": article.id, "slug": article.slug, "title": article.title},
            "related": [
                {"id": r.id, "slug": r.slug, "title": r.title, "reason": r.reason, "score": r.score}
                for r in links
            ],
        }
    )


def latest(refs: Sequence[ArticleRef]) -> None:
    emit([{**_ref(r), "reviewed": r.reviewed} for r in refs])


def glossary(terms: Sequence[GlossaryTerm]) -> None:
    emit(_glossary(terms))


def store_info(info: StoreInfo) -> None:
    emit(
        {
            "path": info.path,
            "schema_version": info.schema_version,
            "content_hash": info.content_hash,
            # The store holds no build time (the same content gives the same bytes); the
            # field stays for the scripts that read it, with the newest review date.
            "built_at": info.content_date,
            "content_date": info.content_date,
            "counts": info.counts,
        }
    )


def store_check(report: StoreCheck) -> None:
    emit(
        {
            "path": report.path,
            "ok": report.ok,
            "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in report.checks],
        }
    )


def report(found: Report) -> None:
    emit(found.document)


def readings(path: str, found: Sequence[Reading]) -> None:
    emit(
        {
            "path": path,
            "readings": [
                {
                    "id": r.id,
                    "date": r.date,
                    "measure": r.measure,
                    "value": r.value,
                    "value2": r.value2,
                    "level": r.level,
                    "unit": r.unit,
                    "shown": r.shown(),
                }
                for r in found
            ],
        }
    )
