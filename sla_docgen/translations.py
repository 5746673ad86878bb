"""Which texts lack a language: checked before a Document is built in those languages, and by validate.

A pure function of the validated model, kept below the document stage so that `validate` can check
what `render` would without importing the document builders and Babel.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from sla_docgen.errors import Issue, ValidationFailed, format_path
from sla_docgen.i18n import LANGS, N_
from sla_docgen.loader import FieldPath

if TYPE_CHECKING:
    from sla_docgen.model import Agreement
    from sla_docgen.validate import Questionnaire

MSG_MISSING_TRANSLATION = N_("no {lang} text; add `{lang}:` or render with --allow-fallback")
MSG_LANGUAGE_NOT_WRITTEN = N_(
    "the agreement is not written in {lang}; add it to the languages and translate every text, "
    "or render with --allow-fallback"
)


def default_langs(agreement: Agreement) -> tuple[str, ...]:
    """The languages a document is built in when none are asked for: the prevailing one, then the others."""
    meta = agreement.agreement
    return (meta.prevailing_language, *(lang for lang in meta.languages if lang != meta.prevailing_language))


def missing_translations(model: BaseModel, langs: tuple[str, ...]) -> list[tuple[FieldPath, str]]:
    """Every per-language text that lacks one of `langs`, as (field path, missing language)."""
    return [(path, lang) for path, value in _local_texts(model, ()) for lang in langs if lang not in value]


def _local_texts(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, dict[str, str]]]:
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            yield from _local_texts(getattr(value, name), (*path, field.alias or name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _local_texts(item, (*path, index))
    elif isinstance(value, dict):
        if value and all(k in LANGS and isinstance(v, str) for k, v in value.items()):
            yield path, value
        else:
            for key, item in value.items():
                yield from _local_texts(item, (*path, key))


def refuse_missing_translations(questionnaire: Questionnaire | Agreement, langs: tuple[str, ...]) -> None:
    """ValidationFailed listing every text that lacks one of `langs` (what `--allow-fallback` lets through)."""
    from sla_docgen.validate import Questionnaire

    agreement = questionnaire.agreement if isinstance(questionnaire, Questionnaire) else questionnaire
    source = questionnaire.source if isinstance(questionnaire, Questionnaire) else None

    def issue(path: FieldPath, msgid: str, lang: str) -> Issue:
        mark = source.mark(path) if source else None
        file = source.file if source else "<agreement>"
        return Issue(
            file, mark.line if mark else 1, mark.column if mark else 1, format_path(path), msgid, {"lang": lang}
        )

    unwritten = [lang for lang in langs if lang not in agreement.agreement.languages]
    issues = [issue(("agreement", "languages"), MSG_LANGUAGE_NOT_WRITTEN, lang) for lang in unwritten]
    issues += [issue(path, MSG_MISSING_TRANSLATION, lang) for path, lang in missing_translations(agreement, langs)]
    if issues:
        raise ValidationFailed(issues)
