"""Documents to print or share: articles gathered into one HTML or Markdown file.

A document is a list of blocks. Each block is Markdown, made either from an article's own
body or from store text escaped into Markdown, and each carries the HTML element that wraps
it. Both formats come from the same parse: markdown-it reads every block with raw HTML
turned off, links are checked (only http(s) links survive; links to other articles point
inside the document or become plain text), and the tokens are then rendered as HTML by
markdown-it or as Markdown by mdformat. Nothing depends on the clock, so the same store and
arguments give the same bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from fsgs_cli.markup import Block, parser, render_blocks
from fsgs_cli.models import ArticlePage, Edition, GlossaryTerm
from fsgs_cli.render import DISCLAIMER, clean
from fsgs_cli.text import SLUG_RE, counted, is_web_link

if TYPE_CHECKING:
    pass

FORMATS = ("html", "markdown")
EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}
QUESTIONS_HEADING = "questions to ask your care team"
PUNCTUATION_RE = re.compile(r"([!-/:-@\[-`{-~])")
LIST_TOKENS = ("bullet_list_open", "bullet_list_close")
BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
DEFAULT_TITLE = "FSGS: reading for my appointment"
CSS_FILE = Path(__file__).with_name("export.css")


class Questions(NamedTuple):
    """The questions one article suggests, as Markdown."""

    slug: str
    title: str
    items: tuple[str, ...]


class Pack(NamedTuple):
    """Everything a document shows, gathered from the store."""

    title: str
    subtitle: str
    articles: tuple[ArticlePage, ...]
    bodies: tuple[str, ...]
    glossary: tuple[GlossaryTerm, ...]
    questions: tuple[Questions, ...]
    own_questions: tuple[str, ...]
    edition: Edition
    gathered: frozenset[str] = frozenset()

    @property
    def question_count(self) -> int:
        return len(self.own_questions) + sum(len(q.items) for q in self.questions)


def format_for(path: str | None, wanted: str | None) -> str | None:
    """The format asked for, else the one the file's extension names (None: unknown)."""
    if wanted:
        return wanted
    if path is None or path == "-":
        return "markdown"
    return EXTENSIONS.get(Path(path).suffix.lower())


def pack(
    pages: Sequence[ArticlePage],
    glossary: Sequence[GlossaryTerm],
    edition: Edition,
    *,
    title: str = DEFAULT_TITLE,
    subtitle: str = "",
    own_questions: Sequence[str] = (),
) -> Pack:
    split = [(page, *split_questions(clean(page.body))) for page in pages]
    return Pack(
        title=title,
        subtitle=subtitle,
        articles=tuple(pages),
        bodies=tuple(body for _, body, _ in split),
        glossary=terms_used(glossary, pages),
        questions=gather_questions((page, items) for page, _, items in split),
        own_questions=tidy(own_questions),
        edition=edition,
        gathered=frozenset(page.slug for page, _, items in split if items),
    )


def gather_questions(
    found: Iterable[tuple[ArticlePage, tuple[str, ...]]],
) -> tuple[Questions, ...]:
    """Each article's questions, leaving out any an earlier article already asked."""
    gathered: list[Questions] = []
    seen: set[str] = set()
    for page, items in found:
        fresh = tuple(q for q in items if _key(q) not in seen)
        seen.update(_key(q) for q in fresh)
        if fresh:
            gathered.append(Questions(page.slug, page.title, fresh))
    return tuple(gathered)


def tidy(questions: Iterable[str]) -> tuple[str, ...]:
    """The reader's own questions, each on one line; empty ones left out."""
    return tuple(" ".join(clean(q).split()) for q in questions if q.strip())


def _key(question: str) -> str:
    return " ".join(question.casefold().split())


def split_questions(body: str) -> tuple[str, tuple[str, ...]]:
    """The body without its "Questions to ask your care team" section, and that section's
    questions. A section holding anything but bullet lists stays where it is."""
    tokens = parser().parse(body)
    lines = body.splitlines(keepends=True)
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or token.map is None:
            continue
        if " ".join(tokens[i + 1].content.casefold().split()) != QUESTIONS_HEADING:
            continue
        level = int(token.tag[1:])
        end, section = len(lines), []
        for later in tokens[i + 3 :]:
            if later.type == "heading_open" and int(later.tag[1:]) <= level and later.map:
                end = later.map[0]
                break
            section.append(later)
        if any(t.level == 0 and t.type not in LIST_TOKENS for t in section):
            return body, ()
        items = [
            _one_item(lines[t.map[0] : t.map[1]])
            for t in section
            if t.type == "list_item_open" and t.level == 1 and t.map
        ]
        kept = "".join(lines[: token.map[0]] + lines[end:]).rstrip() + "\n"
        return kept, tuple(item for item in items if item)
    return body, ()


def _one_item(lines: Sequence[str]) -> str:
    text = " ".join(line.strip() for line in lines)
    return BULLET_RE.sub("", text, count=1).strip()


def terms_used(
    glossary: Sequence[GlossaryTerm], pages: Sequence[ArticlePage]
) -> tuple[GlossaryTerm, ...]:
    """The glossary terms that appear in the articles, alphabetically."""
    text = "\n".join(f"{p.title}\n{p.summary}\n{p.body}" for p in pages)
    used = [
        term
        for term in glossary
        if re.search(rf"(?<!\w){re.escape(term.term)}(?:s|es)?(?!\w)", text, re.IGNORECASE)
    ]
    return tuple(sorted(used, key=lambda t: (t.term.casefold(), t.term)))


# -- Markdown from store text -----------------------------------------------------


def escape(text: str) -> str:
    """Store text as Markdown that reads back as exactly that text, on one line."""
    return PUNCTUATION_RE.sub(r"\\\1", " ".join(clean(text).split()))


def long_date(iso: str) -> str:
    """2026-11-24 as 24 November 2026 (anything else as it is)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not match or not 1 <= int(match[2]) <= 12:
        return iso
    return f"{int(match[3])} {MONTHS[int(match[2]) - 1]} {match[1]}"


def _link(text: str, url: str) -> str:
    """A Markdown link to an http(s) address; anything else is just the text."""
    url = clean(url).strip()
    if not is_web_link(url):
        return escape(text)
    return f"[{escape(text)}](<{url}>)"


def _article_link(page: ArticlePage) -> str:
    return f"[{escape(page.title)}]({_id(page.slug)})"


def _list(items: Iterable[str], numbered: bool = False) -> str:
    return "\n".join(
        f"{i}. {item}" if numbered else f"- {item}" for i, item in enumerate(items, start=1)
    )


def article_blocks(page: ArticlePage, body: str, *, gathered: bool = False) -> list[Block]:
    """One article: breadcrumb, title, summary, body, sources and reviewed date."""
    crumb = " › ".join(escape(part) for part in ("FSGS", page.topic_title, page.title))
    sources = [_link(s.title, s.url) for s in page.sources]
    blocks = [
        Block(crumb, '<nav class="breadcrumb" aria-label="Breadcrumb">', "</nav>"),
        Block(f"## {escape(page.title)}"),
        Block(escape(page.summary), '<div class="summary">', "</div>"),
        Block(body, '<div class="body">', "</div>", shift=1),
    ]
    if gathered:
        blocks.append(
            Block(
                "*The questions this article suggests are gathered in "
                "[Questions to ask your care team](#questions) at the end.*",
                '<div class="gathered">',
                "</div>",
            )
        )
    blocks += [
        Block("### Sources\n\n" + _list(sources, numbered=True), '<div class="sources">', "</div>"),
        Block(
            f"Reviewed {escape(long_date(page.reviewed))} · in fsgs: `fsgs read {_ref(page)}`",
            '<div class="reviewed">',
            "</div>",
        ),
    ]
    return blocks


def document_blocks(doc: Pack) -> list[Block]:
    edition = doc.edition
    contents = [
        f"{_article_link(p)} ({escape(p.topic_title)}, reviewed {escape(long_date(p.reviewed))})"
        for p in doc.articles
    ]
    if doc.glossary:
        contents.append(
            f"[Words used in these articles](#glossary) ({counted(len(doc.glossary), 'term')})"
        )
    if doc.question_count:
        own = f", {len(doc.own_questions)} of them your own" if doc.own_questions else ""
        asked = f"{doc.question_count}{own}"
        contents.append(f"[Questions to ask your care team](#questions) ({asked})")
    count = counted(len(doc.articles), "article")
    title_page = [
        f"# {escape(doc.title)}",
        escape(doc.subtitle) if doc.subtitle else "",
        f"{count} from fsgs, a reader about FSGS (focal segmental glomerulosclerosis) "
        "whose every article cites its sources and says when it was last reviewed.",
        "## What is included",
        _list(contents, numbered=True),
        "## About this document",
        f"Content reviewed up to {escape(long_date(edition.content_date))} · store version "
        f"{escape(edition.version)} (schema {edition.schema_version}).",
        "It explains FSGS in plain language. It does not replace the advice of your care team.",
    ]
    blocks = [
        Block("\n\n".join(p for p in title_page if p), '<header class="title-page">', "</header>")
    ]
    for page, body in zip(doc.articles, doc.bodies, strict=True):
        blocks.append(Block("---", in_html=False))
        blocks.append(Block("", f'<article id="article-{_id(page.slug)}">'))
        blocks += article_blocks(page, body, gathered=page.slug in doc.gathered)
        blocks.append(Block("", close="</article>"))
    if doc.glossary:
        blocks.append(Block("---", in_html=False))
        defined = [f"**{escape(t.term)}**: {escape(t.definition)}" for t in doc.glossary]
        blocks.append(
            Block(
                "## Words used in these articles\n\n" + _list(defined),
                '<section class="glossary" id="glossary">',
                "</section>",
            )
        )
    blocks.append(Block("---", in_html=False))
    blocks.append(
        Block(
            _questions_markdown(doc),
            '<section class="questions" id="questions">',
            '<div class="notes"><p>Notes</p></div>\n</section>',
        )
    )
    blocks.append(
        Block(f"**Please note.** {escape(DISCLAIMER)}", '<footer class="disclaimer">', "</footer>")
    )
    return blocks


def _questions_markdown(doc: Pack) -> str:
    parts = ["## Questions to ask your care team"]
    if not doc.question_count:
        parts.append("Write your questions here before the appointment.")
    if doc.own_questions:
        parts += ["### My own questions", _list(escape(q) for q in doc.own_questions)]
    for q in doc.questions:
        parts += [f"### From “{escape(q.title)}”", _list(q.items)]
    return "\n\n".join(parts)


def _ref(page: ArticlePage) -> str:
    return page.slug if SLUG_RE.fullmatch(page.slug) else str(page.id)


def _id(slug: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", slug.lower())


def _http(href: str) -> str | None:
    return href if is_web_link(href) else None


def squeezed(markdown: str) -> str:
    """Markdown with no more than one blank line in a row, ending in one newline."""
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def to_markdown(doc: Pack) -> str:
    """The document as Markdown: links between articles become plain text."""
    text = render_blocks(document_blocks(doc), _http, as_html=False)
    return squeezed(text)


def to_html(doc: Pack) -> str:
    """The document as one self-contained HTML file: no scripts, nothing fetched."""
    anchors = {
        key: f"#article-{_id(p.slug)}" for p in doc.articles for key in (p.slug, _id(p.slug))
    }
    anchors |= {"#glossary": "#glossary", "#questions": "#questions"}
    glossary_terms = {t.term.casefold() for t in doc.glossary}

    def links(href: str) -> str | None:
        if href in anchors:
            return anchors[href]
        if href.casefold() in glossary_terms:
            return "#glossary"
        return _http(href)

    return html_page(doc.title, render_blocks(document_blocks(doc), links, as_html=True))


def html_page(title: str, body: str, extra_css: Path | None = None) -> str:
    """A whole HTML file around ``body``: the style sheet (and ``extra_css``) inline, no
    scripts, and a content security policy that lets nothing be fetched."""
    css = CSS_FILE.read_text(encoding="utf-8")
    if extra_css is not None:
        css += extra_css.read_text(encoding="utf-8")
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{html.escape(' '.join(clean(title).split()))}</title>\n"
        f"<style>\n{css}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"{body}"
        "</main>\n</body>\n</html>\n"
    )


def article_markdown(page: ArticlePage) -> str:
    """One article as Markdown, questions and all (``fsgs read --format markdown``)."""
    blocks = article_blocks(page, clean(page.body))
    return squeezed(render_blocks(blocks, _http, as_html=False))


def render(doc: Pack, fmt: str) -> str:
    return to_html(doc) if fmt == "html" else to_markdown(doc)
