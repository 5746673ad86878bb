"""Turning questionnaire text, fixed labels and formatted values into Document `Text` in display order."""

from __future__ import annotations

from collections.abc import Callable

from sla_docgen.document.blocks import Text, Variant
from sla_docgen.i18n import LANGS, translate
from sla_docgen.i18n.formatting import Formatter

LocalValue = str | dict[str, str]

LIST_SEPARATORS = {"ja": "、", "en": ", "}


class Wording:
    """Makes `Text` for the languages of one Document."""

    def __init__(self, langs: tuple[str, ...], written_in: list[str], currency: str) -> None:
        self.langs = langs
        self.written_in = written_in
        """The agreement's own languages: a plain string is text in each of them."""
        self.formatters = {lang: Formatter(lang, currency) for lang in langs}

    def local(self, value: LocalValue) -> Text:
        """User text: a plain string is the same in every language; a mapping is looked up per language."""
        if isinstance(value, str):
            return Text.of([Variant(lang, value, lang not in self.written_in) for lang in self.langs])
        variants = []
        for lang in self.langs:
            if lang in value:
                variants.append(Variant(lang, value[lang]))
            else:  # only reached with allow_fallback: missing translations are refused before building
                other = next(v for k, v in value.items() if k in LANGS)
                variants.append(Variant(lang, other, fallback=True))
        return Text.of(variants)

    def label(self, msgid: str, **params: Text | str | int) -> Text:
        """Fixed wording from the catalogs, `{named}` fields filled per language (a Text param by its own variant)."""
        variants = []
        for lang in self.langs:
            values = {k: v.variant(lang).text if isinstance(v, Text) else v for k, v in params.items()}
            fallback = any(isinstance(v, Text) and v.variant(lang).fallback for v in params.values())
            variants.append(Variant(lang, translate(msgid, lang).format(**values), fallback))
        return Text.of(variants)

    def template(self, msgid: str) -> Text:
        """Fixed wording whose `{fields}` a renderer fills in (e.g. page numbers)."""
        return Text.of([Variant(lang, translate(msgid, lang)) for lang in self.langs])

    def value(self, fmt: Callable[[Formatter], str]) -> Text:
        """A value formatted per language, e.g. `w.value(lambda f: f.date(d))`."""
        return Text.of([Variant(lang, fmt(self.formatters[lang])) for lang in self.langs])

    def plain(self, text: str) -> Text:
        """Text that no language changes (ids, versions)."""
        return Text.of([Variant(lang, text) for lang in self.langs])

    def join(self, parts: list[Text], sep: str | None = None) -> Text:
        """Join texts language by language (lists of names inside one cell), with each language's comma."""
        return Text.of(
            [
                Variant(
                    lang,
                    (sep if sep is not None else LIST_SEPARATORS[lang]).join(p.variant(lang).text for p in parts),
                    any(p.variant(lang).fallback for p in parts),
                )
                for lang in self.langs
            ]
        )
