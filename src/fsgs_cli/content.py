"""Read and check the content folder: topics, glossary and articles.

Every problem is collected as ``path: field: message`` so that a build can report all of
them at once. Parsing uses python-frontmatter (YAML front matter) and PyYAML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

from fsgs_cli import includes
from fsgs_cli.errors import os_reason
from fsgs_cli.models import Article, GlossaryTerm, Source, Topic
from fsgs_cli.text import SLUG_RE, phrase_key


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML without implicit dates: ``reviewed`` stays text and is checked here."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Handler(YAMLHandler):
    def load(self, fm: str, **kwargs: Any) -> Any:
        return yaml.load(fm, Loader=_Loader)


KINDS = ("article", "question")
SUMMARY_MAX = 160
TOPICS_FILE = "topics.yaml"
GLOSSARY_FILE = "glossary.yaml"
SYNONYMS_FILE = "synonyms.yaml"
INTENTS_FILE = "intents.yaml"
ARTICLES_DIR = "articles"


@dataclass
class Problems:
    """Problems found so far, each as ``path: field: message``, paths under ``root``."""

    root: Path = Path()
    items: list[str] = field(default_factory=list)

    def display(self, where: str) -> str:
        """A content-relative path as the user named it (under the content folder)."""
        return (self.root / where).as_posix() if where else self.root.as_posix()

    def add(self, where: str, field_name: str, message: str) -> None:
        self.items.append(f"{self.display(where)}: {field_name}: {message}")

    def __bool__(self) -> bool:
        return bool(self.items)


def small_files_digest(root: Path) -> bytes:
    """The digest of the topics, glossary, synonyms and intents files and the shared
    blocks."""
    digest = hashlib.sha256()
    files = (TOPICS_FILE, GLOSSARY_FILE, SYNONYMS_FILE, INTENTS_FILE)
    named = [(name, root / name) for name in files]
    named += [(path.relative_to(root).as_posix(), path) for path in includes.paths(root)]
    for name, path in named:
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_yaml(root: Path, name: str, problems: Problems) -> Any:
    """The parsed file, or None with the problem added."""
    path = root / name
    if not path.is_file():
        problems.add(name, "file", "missing")
        return None
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except UnicodeDecodeError:
        problems.add(name, "file", "not valid UTF-8")
        return None
    except OSError as exc:
        problems.add(name, "file", f"cannot be read ({os_reason(exc)})")
        return None
    except yaml.YAMLError as exc:
        problems.add(name, "file", _yaml_problem(exc))
        return None
    return data


def _read_yaml_list(root: Path, name: str, problems: Problems) -> list[dict[str, Any]]:
    data = read_yaml(root, name, problems)
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        problems.add(name, "file", "must be a YAML list of mappings")
        return []
    return data


def _yaml_problem(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return f"invalid YAML at line {mark.line + 1}, column {mark.column + 1}: {exc.problem}"
    return "invalid YAML: " + " ".join(str(exc).split())


def _text(
    meta: dict[str, Any],
    key: str,
    where: str,
    problems: Problems,
    *,
    required: bool = True,
    label: str = "",
) -> str:
    value = meta.get(key)
    if value is None:
        if required:
            problems.add(where, label + key, "missing")
        return ""
    if not isinstance(value, str) or not value.strip():
        problems.add(where, label + key, "must be non-empty text")
        return ""
    return value.strip()


def _str_list(
    meta: dict[str, Any], key: str, where: str, problems: Problems, *, label: str = ""
) -> tuple[str, ...]:
    value = meta.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.add(where, label + key, "must be a list of non-empty text")
        return ()
    return tuple(v.strip() for v in value)


def load_topics(root: Path, problems: Problems) -> list[Topic]:
    topics: list[Topic] = []
    seen: set[str] = set()
    where = TOPICS_FILE
    for index, raw in enumerate(_read_yaml_list(root, where, problems), start=1):
        at = f"[{index}]."
        slug = _text(raw, "slug", where, problems, label=at)
        if slug and not SLUG_RE.fullmatch(slug):
            problems.add(where, at + "slug", f"'{slug}' must be lowercase words joined by hyphens")
        elif slug and slug in seen:
            problems.add(where, at + "slug", f"duplicate topic '{slug}'")
        seen.add(slug)
        title = _text(raw, "title", where, problems, label=at)
        description = _text(raw, "description", where, problems, label=at)
        order = raw.get("order")
        if not isinstance(order, int) or isinstance(order, bool):
            problems.add(where, at + "order", "must be a whole number")
            order = 0
        topics.append(Topic(slug, title, description, order))
    return sorted(topics, key=lambda t: (t.order, t.slug))


def load_glossary(root: Path, problems: Problems) -> list[GlossaryTerm]:
    terms: list[GlossaryTerm] = []
    seen: dict[str, int] = {}
    where = GLOSSARY_FILE
    for index, raw in enumerate(_read_yaml_list(root, where, problems), start=1):
        at = f"[{index}]."
        term = _text(raw, "term", where, problems, label=at)
        definition = _text(raw, "definition", where, problems, label=at)
        see_also = _str_list(raw, "see_also", where, problems, label=at)
        key = term.casefold()
        if term and key in seen:
            problems.add(where, at + "term", f"'{term}' repeats entry [{seen[key]}]")
        seen.setdefault(key, index)
        terms.append(GlossaryTerm(term, definition, see_also))
    for index, entry in enumerate(terms, start=1):
        for other in entry.see_also:
            if other.casefold() not in seen:
                problems.add(where, f"[{index}].see_also", f"unknown term '{other}'")
    return sorted(terms, key=lambda t: (t.term.casefold(), t.term))


def load_synonyms(root: Path, problems: Problems) -> list[tuple[str, ...]]:
    """Groups of phrases that mean the same; the file is optional."""
    if not (root / SYNONYMS_FILE).is_file():
        return []
    data = read_yaml(root, SYNONYMS_FILE, problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.add(SYNONYMS_FILE, "file", "must be a YAML list of lists of phrases")
        return []
    groups: list[tuple[str, ...]] = []
    owner: dict[str, int] = {}
    for index, raw in enumerate(data, start=1):
        at = f"[{index}]"
        if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
            problems.add(SYNONYMS_FILE, at, "must be a list of phrases")
            continue
        phrases = tuple(dict.fromkeys(k for k in (phrase_key(p) for p in raw) if k))
        if len(phrases) < 2:
            problems.add(SYNONYMS_FILE, at, "needs at least two different phrases")
            continue
        for phrase in phrases:
            if phrase in owner:
                problems.add(SYNONYMS_FILE, at, f"'{phrase}' is also in group [{owner[phrase]}]")
            owner.setdefault(phrase, index)
        groups.append(phrases)
    return groups


def _reviewed(meta: dict[str, Any], where: str, problems: Problems) -> str:
    value = meta.get("reviewed")
    if value is None:
        problems.add(where, "reviewed", "missing")
        return ""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    problems.add(where, "reviewed", "must be a date written YYYY-MM-DD")
    return ""


def _sources(meta: dict[str, Any], where: str, problems: Problems) -> tuple[Source, ...]:
    value = meta.get("sources")
    if not isinstance(value, list) or not value:
        problems.add(where, "sources", "at least one source (title and url) is required")
        return ()
    sources: list[Source] = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            problems.add(where, f"sources[{index}]", "must have a title and a url")
            continue
        title = item.get("title")
        url = item.get("url")
        if not isinstance(title, str) or not title.strip():
            problems.add(where, f"sources[{index}].title", "missing")
            continue
        if not isinstance(url, str) or not re.match(r"^https?://\S+$", url.strip()):
            problems.add(where, f"sources[{index}].url", "must be an http(s) URL")
            continue
        sources.append(Source(" ".join(title.split()), url.strip()))
    return tuple(sources)


def _ids(meta: dict[str, Any], key: str, where: str, problems: Problems) -> tuple[int, ...]:
    value = meta.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        problems.add(where, key, "must be a list of article ids")
        return ()
    return tuple(value)


def parse_article(
    root: Path, path: Path, problems: Problems, blocks: Mapping[str, str] | None = None
) -> Article | None:
    """Parse one article file, its include lines replaced by ``blocks``; ``None`` when it
    cannot be read or has problems."""
    where = _rel(root, path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add(where, "file", "not valid UTF-8")
        return None
    except OSError as exc:
        problems.add(where, "file", f"cannot be read ({os_reason(exc)})")
        return None
    if not text.strip():
        problems.add(where, "file", "empty")
        return None
    try:
        post = frontmatter.loads(text, handler=_Handler())
    except yaml.YAMLError as exc:
        problems.add(where, "front matter", _yaml_problem(exc))
        return None
    meta: dict[str, Any] = dict(post.metadata)
    if not meta:
        problems.add(where, "front matter", "missing (start the file with a --- block)")
        return None
    before = len(problems.items)
    article_id = meta.get("id")
    if not isinstance(article_id, int) or isinstance(article_id, bool) or article_id < 1:
        problems.add(where, "id", "must be a positive whole number")
        article_id = 0
    slug = _text(meta, "slug", where, problems)
    if slug and not SLUG_RE.fullmatch(slug):
        problems.add(where, "slug", f"'{slug}' must be lowercase words joined by hyphens")
    title = _text(meta, "title", where, problems)
    topic = _text(meta, "topic", where, problems)
    kind = _text(meta, "kind", where, problems, required=False) or "article"
    if kind not in KINDS:
        problems.add(where, "kind", f"must be one of: {', '.join(KINDS)}")
    summary = _text(meta, "summary", where, problems)
    if "\n" in summary:
        problems.add(where, "summary", "must be one line")
    elif len(summary) > SUMMARY_MAX:
        problems.add(where, "summary", f"{len(summary)} characters; at most {SUMMARY_MAX}")
    aliases = tuple(a.casefold() for a in _str_list(meta, "aliases", where, problems))
    reviewed = _reviewed(meta, where, problems)
    related = _ids(meta, "related", where, problems)
    sources = _sources(meta, where, problems)
    body = post.content.strip()
    if not body:
        problems.add(where, "body", "empty")
    body, used = includes.expand(body, blocks or {}, where, problems)
    if len(problems.items) > before:
        return None
    return Article(
        id=article_id,
        slug=slug,
        title=title,
        topic=topic,
        kind=kind,
        summary=summary,
        aliases=aliases,
        reviewed=reviewed,
        related=related,
        sources=sources,
        body=body,
        path=where,
        includes=used,
    )


class ArticleChecks:
    """Checks across articles, fed one article at a time so that a build can stream:
    unique ids, slugs and aliases; known topics; related ids that resolve."""

    def __init__(self, topics: list[Topic], problems: Problems) -> None:
        self.topics = {t.slug for t in topics}
        self.problems = problems
        self.by_id: dict[int, str] = {}
        self.by_slug: dict[str, str] = {}
        self.pending: list[tuple[str, int, tuple[str, ...], tuple[int, ...]]] = []

    def add(self, article: Article) -> None:
        problems = self.problems
        if article.id in self.by_id:
            other = problems.display(self.by_id[article.id])
            problems.add(article.path, "id", f"{article.id} is also used by {other}")
        self.by_id.setdefault(article.id, article.path)
        if article.slug in self.by_slug:
            other = problems.display(self.by_slug[article.slug])
            problems.add(article.path, "slug", f"'{article.slug}' is also used by {other}")
        self.by_slug.setdefault(article.slug, article.path)
        if article.topic not in self.topics:
            problems.add(article.path, "topic", f"unknown topic '{article.topic}'")
        self.pending.append((article.path, article.id, article.aliases, article.related))

    def finish(self) -> None:
        names = dict(self.by_slug)
        for path, article_id, aliases, related in self.pending:
            for alias in aliases:
                owner = names.get(alias)
                if owner is not None and owner != path:
                    self.problems.add(
                        path, "aliases", f"'{alias}' is also used by {self.problems.display(owner)}"
                    )
                names.setdefault(alias, path)
            for target in related:
                if target == article_id:
                    self.problems.add(path, "related", "an article cannot be related to itself")
                elif target not in self.by_id:
                    self.problems.add(path, "related", f"no article has id {target}")
