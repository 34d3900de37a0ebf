"""What every kind of output shows: the views plain.py, styled.py and json_out.py share.

Only imported for type checking: a module or object with these functions is a view.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

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


class View(Protocol):
    def home(
        self, listings: Sequence[TopicListing], start: ArticleRef | None, urgent: ArticleRef | None
    ) -> None: ...

    def topics(self, listings: Sequence[TopicListing]) -> None: ...

    def topic(self, listing: TopicListing) -> None: ...

    def article(self, page: ArticlePage) -> None: ...

    def search(self, result: SearchResult) -> None: ...

    def related(self, article: ArticleRef, links: Sequence[RelatedLink]) -> None: ...

    def site_map(self, listings: Sequence[TopicListing]) -> None: ...

    def latest(self, refs: Sequence[ArticleRef]) -> None: ...

    def glossary(self, terms: Sequence[GlossaryTerm]) -> None: ...

    def store_info(self, info: StoreInfo) -> None: ...

    def store_check(self, report: StoreCheck) -> None: ...

    def report(self, found: Report) -> None:
        """A worked-out number or a diary's status."""

    def readings(self, path: str, found: Sequence[Reading]) -> None:
        """The diary's readings, oldest first."""

    def done(self, message: str) -> None:
        """The one line that says a command wrote what it was asked to."""
