"""Shared fixtures: the bundled samples, the minimal questionnaire and a CLI runner."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner, Result

from sla_docgen.document import Document, Text, Variant

if TYPE_CHECKING:
    from tests.sign_support import Pki

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
MINIMAL = DATA / "minimal.yaml"
COMPLETE = DATA / "complete.yaml"
"""Every field set at least once."""


_TEMPLATE_CACHE = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    # Compiled templates go to a cache of the test run's own (the commands the tests start inherit it),
    # never to the user's cache directory.
    if "SLA_DOCGEN_CACHE_DIR" not in os.environ:
        folder = config.stash[_TEMPLATE_CACHE] = tempfile.mkdtemp(prefix="sla-docgen-cache-")
        os.environ["SLA_DOCGEN_CACHE_DIR"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_TEMPLATE_CACHE, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop("SLA_DOCGEN_CACHE_DIR", None)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# --- every test fails on an internal error ---------------------------------------------------------------

_INVOKE = CliRunner.invoke


def _checked_invoke(self: CliRunner, *args: Any, **kwargs: Any) -> Result:
    """CliRunner.invoke that fails the test on exit 3 (an internal error is a bug) or an escaped exception."""
    result = _INVOKE(self, *args, **kwargs)
    if getattr(self, "expect_internal_error", False):
        return result
    if result.exit_code == 3:
        pytest.fail(f"internal error (exit 3):\n{result.output}")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail(f"an exception escaped the command: {result.exception!r}\n{result.output}")
    return result


@pytest.fixture(autouse=True)
def _no_internal_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CliRunner, "invoke", _checked_invoke)


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str) -> str:
    """Mutate a questionnaire; the test fails loudly if the anchor text is not there exactly once."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def make_text(ja: str, en: str | None = None, langs: tuple[str, ...] = ("ja",)) -> Text:
    """A Text in `langs`, for hand-built Documents; without `en` the Japanese words stand for both."""
    words = {"ja": ja, "en": en if en is not None else ja}
    return Text(tuple(Variant(lang, words[lang]) for lang in langs))


def build_sample(path: Path) -> Document:
    """The real loader and builder on a questionnaire."""
    from sla_docgen.api import build, load

    return build(load(path))


# --- PDF fixtures: every PDF test module renders the same documents once ----------------------------

PDF_CASES = ["handmade", *(path.name for path in SAMPLES)]


@pytest.fixture(scope="module")
def handmade() -> Document:
    from tests.pdf_support import handmade_document

    return handmade_document()


@pytest.fixture(scope="module", params=PDF_CASES)
def case(request: pytest.FixtureRequest) -> tuple[Document, bytes, str]:
    from tests.pdf_support import SOURCE, handmade_document

    if request.param == "handmade":
        return handmade_document(), SOURCE, "agreement.yaml"
    path = ROOT / "samples" / request.param
    return build_sample(path), path.read_bytes(), request.param


@pytest.fixture(scope="module")
def document(case: tuple[Document, bytes, str]) -> Document:
    return case[0]


@pytest.fixture(scope="module")
def pdf_file(case: tuple[Document, bytes, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.pdf_support import render_pdf

    document, source, name = case
    path = tmp_path_factory.mktemp("pdf") / "agreement.pdf"
    path.write_bytes(render_pdf(document, source=source, source_name=name))
    return path


# --- signing fixtures: one PKI, the Japanese sample as PDF, and that PDF signed by each party in turn ------------


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    from tests.sign_support import make_pki

    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """samples/acme-ja.yaml rendered by the real command's library call."""
    from sla_docgen.api import render_files

    (path,) = render_files(ROOT / "samples" / "acme-ja.yaml", formats=("pdf",), output_dir=tmp_path_factory.mktemp("r"))
    return path


@pytest.fixture(scope="session")
def signed_in_turn(sample_pdf: Path, pki: Pki, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The sample after marketing (PKCS#12), inside_sales (PEM key, certificate and chain), then sales signed."""
    from sla_docgen.api import sign_pdf
    from tests.sign_support import PASSPHRASE

    folder = tmp_path_factory.mktemp("signed")
    stages, current = [], sample_pdf
    for number, (party, identity) in enumerate(pki.signers.items(), 1):
        keys = (
            {"key": identity.key_file, "cert": identity.cert_file, "chain": [pki.intermediate_file]}
            if party == "inside_sales"
            else {"key": identity.p12_file}
        )
        current = sign_pdf(
            current,
            party=party,
            passphrase=lambda: PASSPHRASE.encode(),
            output=folder / f"{number}-{party}.pdf",
            **keys,  # type: ignore[arg-type]
        )
        stages.append(current)
    return stages
