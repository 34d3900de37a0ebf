"""Markdown blocks rendered as HTML or as Markdown, from one markdown-it parse.

Raw HTML is turned off, so markup in an article is text; headings are pushed down to fit
the document; only the links a caller allows survive (others become their text); images
become their alt text. markdown-it renders HTML; mdformat (with GFM tables) renders Markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


class Block(NamedTuple):
    """Markdown, the HTML element around it, and how far to push its headings down."""

    markdown: str
    open: str = ""
    close: str = ""
    shift: int = 0
    in_html: bool = True


@cache
def parser() -> MarkdownIt:
    """The one Markdown parser: for the build (plain text and sections of each article, from
    a single parse) and for documents."""
    from markdown_it import MarkdownIt

    # html=False: raw HTML in an article is text, so it is escaped in HTML output.
    return MarkdownIt("commonmark", {"html": False, "mdformat": {}}).enable("table")


Links = Callable[[str], "str | None"]


def _tidy(tokens: Sequence[Token], links: Links, shift: int) -> list[Token]:
    """Shift headings, keep only allowed links, and show images as their text."""
    from markdown_it.token import Token

    for token in tokens:
        if token.type in ("heading_open", "heading_close") and shift:
            level = min(int(token.tag[1:]) + shift, 6)
            token.tag, token.markup = f"h{level}", "#" * level
        if token.children is None:
            continue
        children: list[Token] = []
        dropping = False
        for child in token.children:
            if child.type == "link_open":
                target = links(str(child.attrGet("href") or ""))
                dropping = target is None
                if dropping:
                    continue
                child.attrs = {"href": str(target)}
            elif child.type == "link_close" and dropping:
                dropping = False
                continue
            elif child.type == "image":
                child = Token("text", "", 0, content=child.content)
            children.append(child)
        token.children = children
    return list(tokens)


def render_blocks(blocks: Sequence[Block], links: Links, as_html: bool) -> str:
    markdown = parser()
    parts: list[str] = []
    for block in blocks:
        if as_html and not block.in_html:
            continue
        if as_html and block.open:
            parts.append(block.open + "\n")
        if block.markdown:
            env: dict[str, object] = {}
            tokens = _tidy(markdown.parse(block.markdown, env), links, block.shift)
            if as_html:
                parts.append(markdown.renderer.render(tokens, markdown.options, env))
            else:
                parts.append(_markdown_renderer()(tokens, env) + "\n")
        if as_html and block.close:
            parts.append(block.close + "\n")
    return "".join(parts)


@cache
def _markdown_renderer() -> Callable[[Sequence[Token], dict[str, object]], str]:
    from mdformat.plugins import PARSER_EXTENSIONS
    from mdformat.renderer import MDRenderer

    # GFM tables only (mdformat-gfm's "tables" extension): the articles use no other GFM.
    tables = PARSER_EXTENSIONS["tables"]
    options = {"parser_extension": [tables], "mdformat": {"number": True}}
    tables.update_mdit(parser())
    renderer = MDRenderer()
    return lambda tokens, env: renderer.render(tokens, options, env)
