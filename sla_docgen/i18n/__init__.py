"""Fixed wording per language: gettext catalogs (English message ids, Japanese translations).

Only the standard library's gettext is used here, so that validation messages cost no
heavy import; locale formatting with Babel lives in `sla_docgen.i18n.formatting`.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

LANGS = ("ja", "en")
DOMAIN = "sla_docgen"
LOCALE_DIR = Path(__file__).with_name("locale")


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction (used with `ngettext`)."""
    return singular, plural


@cache
def translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def translate(msgid: str, lang: str) -> str:
    return translations(lang).gettext(msgid)


def default_lang(environ: dict[str, str] | None = None) -> str:
    """The user's language from the POSIX locale variables: Japanese if they say so, else English."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "ja" if value.split(":")[0].lower().startswith("ja") else "en"
    return "en"
