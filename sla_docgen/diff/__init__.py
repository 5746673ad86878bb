"""Comparing two versions of an agreement: the changes in its terms, worded, listed and marked in place."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sla_docgen.diff.compare import Change, compare
from sla_docgen.diff.present import Presenter, Statement
from sla_docgen.validate import Questionnaire

if TYPE_CHECKING:
    from sla_docgen.document import Document


@dataclass(frozen=True)
class Comparison:
    """OLD and NEW, and what changed between them."""

    old: Questionnaire
    new: Questionnaire
    langs: tuple[str, ...]

    @cached_property
    def changes(self) -> list[Change]:
        return compare(self.old.agreement, self.new.agreement)

    @cached_property
    def presenter(self) -> Presenter:
        return Presenter(self.old.agreement, self.new.agreement, self.langs)

    @cached_property
    def statements(self) -> list[Statement]:
        return [self.presenter.statement(change) for change in self.changes]

    @property
    def same_agreement(self) -> bool:
        return self.old.agreement.agreement.id == self.new.agreement.agreement.id

    def redline_document(self, *, allow_fallback: bool = False) -> Document:
        """NEW's Document with the changes from OLD marked in place (tracked changes in Word).

        OLD is built with fallbacks for texts it lacks in NEW's languages; NEW must have them all, as for
        `render`, unless `allow_fallback`.
        """
        from sla_docgen.diff.redline import redline
        from sla_docgen.document.blocks import Redline
        from sla_docgen.document.build import build

        before = build(self.old, langs=self.langs, allow_fallback=True)
        after = build(self.new, langs=self.langs, allow_fallback=allow_fallback)
        old_meta, latest = self.old.agreement.agreement, self.new.agreement.revisions[-1]
        author = latest.author if isinstance(latest.author, str) else latest.author.get(self.langs[0])
        author = author or next(iter(latest.author.values()))  # type: ignore[union-attr]
        return redline(before, after, Redline(old_meta.version, old_meta.last_updated, author))

    def warning(self, lang: str) -> str:
        """The warning shown when OLD and NEW are two different agreements."""
        from sla_docgen.diff.listing import MSG_OTHER_AGREEMENT
        from sla_docgen.i18n import translate

        old, new = self.old.agreement.agreement.id, self.new.agreement.agreement.id
        return " / ".join(translate(MSG_OTHER_AGREEMENT, one).format(old=old, new=new) for one in lang.split("+"))


def compare_files(old: Path, new: Path, *, langs: tuple[str, ...] | None = None) -> Comparison:
    """Read both sides (questionnaires or PDFs made by sla-docgen) and compare them.

    `langs` defaults to NEW's prevailing language, then its others, as `render` does."""
    from sla_docgen.diff.sources import read_side

    before, after = read_side(old), read_side(new)
    if langs is None:
        meta = after.agreement.agreement
        langs = (meta.prevailing_language, *(lang for lang in meta.languages if lang != meta.prevailing_language))
    return Comparison(before, after, langs)
