"""The preview's own page around the document: its HTML, script and style, labelled in the user's language."""

from __future__ import annotations

import html
import json
from importlib.resources import files
from pathlib import Path
from string import Template

from sla_docgen.i18n import N_, translate

LABELS = {
    "title": N_("Preview of {file}"),
    "views": N_("View"),
    "rendered": N_("Rendered at {time} in {ms} ms"),
    "pdfRendered": N_("PDF made at {time} in {ms} ms"),
    "problems": N_("{count} problem(s) at {time}"),
    "problemsTitle": N_("The questionnaire has {count} problem(s); the document is shown again once they are fixed:"),
    "showLastGood": N_("Show the last good rendering ({time})"),
    "hideLastGood": N_("Hide the last good rendering"),
    "noValidVersion": N_("No valid version of the questionnaire yet."),
    "pdfRendering": N_("Rendering the PDF…"),
    "pdfFailed": N_("The PDF could not be made: {error}"),
    "disconnected": N_("Lost the connection to the preview server; is it still running?"),
}


def asset(name: str) -> bytes:
    return files("sla_docgen.preview").joinpath("assets", name).read_bytes()


def labels(lang: str) -> dict[str, str]:
    """The page's words in the first language of `lang`."""
    first = lang.split("+")[0]
    return {key: translate(msgid, first) for key, msgid in LABELS.items()}


def _json_in_html(value: object) -> str:
    """JSON that cannot end the <script> element it sits in."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def index(file: Path, lang: str) -> bytes:
    words = labels(lang)
    page = Template(asset("index.html").decode("utf-8")).substitute(
        lang=html.escape(lang.split("+")[0]),
        title=html.escape(words["title"].format(file=file.name)),
        file=html.escape(str(file)),
        views_label=html.escape(words["views"]),
        labels=_json_in_html(words),
    )
    return page.encode("utf-8")


def no_valid_version(lang: str) -> bytes:
    """What the document frame shows before any revision of the questionnaire was valid."""
    words = labels(lang)
    return (
        f'<!DOCTYPE html><html lang="{html.escape(lang.split("+")[0])}"><meta charset="utf-8">'
        f"<title>{html.escape(words['noValidVersion'])}</title>"
        f"<p>{html.escape(words['noValidVersion'])}</p></html>"
    ).encode()
