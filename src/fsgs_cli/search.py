"""Search: what a person typed, ranked against the store's full-text index.

query.py turns the text into a safe FTS5 query, widened with the synonym table; this
module ranks the matches (BM25 with the title weighing most, exact names first; question
words are stop words, so they pull no page up), picks each hit's best passage, corrects
misspelt words (spell.py), puts the page an urgent or a numbers question needs first
(routing.py), and finds the glossary terms the query names.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence

from fsgs_cli import query, routing
from fsgs_cli.models import MARK_END, MARK_START, GlossaryTerm, SearchHit, SearchResult
from fsgs_cli.schema import FTS_WEIGHTS, SECTION_SLOTS
from fsgs_cli.spell import Vocabulary
from fsgs_cli.store import Store
from fsgs_cli.text import phrase_key, readable

RANK_CAP = 5000
MAX_ROWID = 2**63 - 1
GLOSSARY_SHOWN = 2


def search(store: Store, text: str, *, topic: str | None = None, limit: int = 10) -> SearchResult:
    """Ranked hits for ``text`` (see ``Search.run``)."""
    return Search(store).run(text, topic=topic, limit=limit)


class Search:
    """One store's search engine; the vocabulary for spelling help loads on first use."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.vocabulary = Vocabulary(store)

    def run(self, text: str, *, topic: str | None = None, limit: int = 10) -> SearchResult:
        """Ranked hits for the query as typed. A misspelt word (one the index lacks that is
        not a real word) is corrected only when the query as typed finds nothing; when it
        finds something, the correction is offered as ``did_you_mean`` instead."""
        text = readable(text)
        synonyms = Synonyms(self.store)
        parsed = query.parse(text, synonyms)
        hits, expanded, _ = self._ranked(parsed, topic, limit)
        unknown = [w for w in dict.fromkeys(parsed.plain_words()) if not self._indexed(w)]
        fixes = self.vocabulary.corrections(unknown) if unknown else {}
        corrected: str | None = None
        did_you_mean: str | None = None
        if fixes:
            retry = query.corrected(parsed, fixes, synonyms)
            retry_hits, retry_expanded, _ = self._ranked(retry, topic, limit)
            if retry_hits and not hits:
                parsed, corrected = retry, retry.text
                hits, expanded = retry_hits, retry_expanded
            elif retry_hits:
                did_you_mean = retry.text
        routed = routing.route(self.store, *(t for t in (text, corrected) if t))
        return SearchResult(
            query=text,
            hits=tuple(self._first(routed.first(), hits, parsed, topic, limit)),
            expanded=expanded,
            corrected=corrected,
            suggestions=tuple(dict.fromkeys(fixes.values())),
            glossary=tuple(self._glossary_for(parsed, synonyms)),
            did_you_mean=did_you_mean,
            urgent=self.store.ref(routed.urgent) if routed.urgent else None,
            hint=routed.hint,
        )

    def _first(
        self,
        ids: list[int],
        hits: list[SearchHit],
        parsed: query.Query,
        topic: str | None,
        limit: int,
    ) -> list[SearchHit]:
        """The hits with the pages of ``ids`` first (in the topic searched, if one was);
        a page the words did not match scores 0."""
        found = {h.id: h for h in hits}
        first: list[SearchHit] = []
        for article_id in ids:
            if article_id in found:
                first.append(found[article_id])
                continue
            ref = self.store.ref(article_id)
            if topic is None or ref.topic == topic:
                section, snippet = self._snippet(ref.id, parsed) or ("", ref.summary)
                passage = " ".join(snippet.split())
                first.append(
                    SearchHit(ref.id, ref.slug, ref.title, ref.topic, passage, 0.0, section)
                )
        chosen = {h.id for h in first}
        return (first + [h for h in hits if h.id not in chosen])[:limit]

    def _ranked(
        self, parsed: query.Query, topic: str | None, limit: int
    ) -> tuple[list[SearchHit], str, bool]:
        """Hits for every term if any, else for any term; and whether every term matched."""
        expanded = ""
        for fts, complete in ((parsed.match_all(), True), (parsed.match_any(), False)):
            if fts is None:
                break
            expanded = fts
            hits = self._match(fts, parsed, topic, limit)
            if hits:
                return hits, fts, complete
        return [], expanded, False

    def _match(
        self, fts: str, parsed: query.Query, topic: str | None, limit: int
    ) -> list[SearchHit]:
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        typed = " ".join(parsed.text.casefold().split())
        key = phrase_key(parsed.text)
        sql = (
            f"SELECT a.id, a.slug, a.title, a.topic, a.summary, bm25(articles_fts, {weights}) "
            "AS rank "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH ? AND articles_fts.rowid <= ? "
            "AND (? IS NULL OR a.topic = ?) "
            # An article whose title, slug or alias is exactly the query comes first.
            "ORDER BY (a.title_key = ? OR a.slug = ? "
            "OR a.id IN (SELECT article_id FROM aliases WHERE alias IN (?, ?))) DESC, "
            "rank, a.id LIMIT ?"
        )

        def ranked(match: str, last_rowid: int) -> list[sqlite3.Row]:
            return self.store.rows(
                sql,
                (
                    match,
                    last_rowid,
                    topic,
                    topic,
                    key,
                    key.replace(" ", "-"),
                    typed,
                    key,
                    limit,
                ),
            )

        # A query that matches very many articles (a word in nearly every one) is ranked
        # over the first RANK_CAP articles whose title or aliases match, then over the
        # first RANK_CAP matches, so that scoring stays bounded however large the store grows.
        def cap(match: str) -> int:
            rows = self.store.rows(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1 OFFSET ?",
                (match, RANK_CAP),
            )
            return int(rows[0][0]) if rows else MAX_ROWID

        capped = cap(fts)
        if capped == MAX_ROWID:
            rows = ranked(fts, MAX_ROWID)
        else:
            named = f"{{title aliases}} : ({fts})"
            rows = ranked(named, cap(named))
            seen = {row["id"] for row in rows}
            rows += [r for r in ranked(fts, capped) if r["id"] not in seen]
            rows = rows[:limit]
        hits: list[SearchHit] = []
        for row in rows:
            section, snippet = self._snippet(row["id"], parsed) or ("", row["summary"])
            hits.append(
                SearchHit(
                    id=row["id"],
                    slug=row["slug"],
                    title=row["title"],
                    topic=row["topic"],
                    snippet=" ".join(snippet.split()),
                    score=round(-float(row["rank"]), 4),
                    section=section,
                )
            )
        return hits

    def _snippet(self, article_id: int, parsed: query.Query) -> tuple[str, str] | None:
        """The heading and highlighted passage of the section with the most matched words.

        (Sections are not ordered with bm25(): for a word in nearly every article, its
        document frequency alone would cost more than the rest of the search.)
        """
        first = article_id * SECTION_SLOTS
        sql = (
            "SELECT s.heading, s.position, "
            f"snippet(sections_fts, 1, '{MARK_START}', '{MARK_END}', '…', 16) AS snippet "
            "FROM sections_fts JOIN sections s ON s.id = sections_fts.rowid "
            "WHERE sections_fts MATCH ? AND sections_fts.rowid BETWEEN ? AND ?"
        )
        for fts in dict.fromkeys((parsed.match_all(), parsed.match_any())):
            if fts is None:
                break
            rows = self.store.rows(sql, (fts, first, first + SECTION_SLOTS - 1))
            rows = [row for row in rows if MARK_START in row["snippet"]]
            if rows:
                best = max(rows, key=lambda r: (r["snippet"].count(MARK_START), -r["position"]))
                return best["heading"], best["snippet"]
        return None

    def _indexed(self, word: str) -> bool:
        """Whether any article contains the word (as the index stems it)."""
        fts = '"' + word.replace('"', '""') + '"'
        return bool(
            self.store.rows("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (fts,))
        )

    def _glossary_for(self, parsed: query.Query, synonyms: Synonyms) -> list[GlossaryTerm]:
        """Glossary entries the query names, directly or through a synonym."""
        wanted: list[str] = [phrase_key(parsed.text)]
        for term in parsed.terms:
            wanted.append(term.text)
            wanted.extend(synonyms.get(term.text, ()))
        if not any(wanted):
            return []
        return self.store.glossary_named(wanted)[:GLOSSARY_SHOWN]


class Synonyms(Mapping[str, Sequence[str]]):
    """The synonym table, read phrase by phrase: a query looks up only the few phrases it
    holds (each a primary-key lookup), rather than loading every group."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._groups: dict[str, list[str]] = {}

    def __getitem__(self, phrase: str) -> Sequence[str]:
        if phrase not in self._groups:
            rows = self.store.rows(
                "SELECT phrase FROM synonyms WHERE group_id = "
                "(SELECT group_id FROM synonyms WHERE phrase = ?) ORDER BY rowid",
                (phrase,),
            )
            self._groups[phrase] = [row["phrase"] for row in rows]
        group = self._groups[phrase]
        if not group:
            raise KeyError(phrase)
        return group

    def __iter__(self) -> Iterator[str]:
        return (row["phrase"] for row in self.store.rows("SELECT phrase FROM synonyms"))

    def __len__(self) -> int:
        return int(self.store.rows("SELECT count(*) FROM synonyms")[0][0])
