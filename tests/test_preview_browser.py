"""End to end in Debian's headless Chromium: the page follows edits, shows errors, keeps the last good rendering."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from tests.preview_support import CHROMIUM, CHROMIUM_FLAGS, TITLE, Server, preview_server

TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Chromium from /usr/bin with a fresh profile; Playwright downloads no browser of its own."""
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with preview_server(tmp_path) as running:
        yield running
    assert running.process.returncode == 0, "SIGTERM stops the server, its watcher and its PDF worker cleanly"


@pytest.fixture
def page(browser: BrowserContext, server: Server) -> Iterator[Page]:
    tab = browser.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.goto(server.url)
    try:
        yield tab
    finally:
        tab.close()


def test_edit_break_and_fix(page: Page, server: Server) -> None:
    document = page.frame_locator("#document")
    expect(document.locator("h1.title")).to_contain_text(TITLE)
    expect(page.locator("#status")).to_contain_text("Rendered at")

    # An edit appears without touching the browser.
    server.edit("company: アクメ・ファクトリークラウド株式会社", "company: アクメ・ライブプレビュー株式会社")
    expect(document.locator(".title-block .company")).to_contain_text("アクメ・ライブプレビュー株式会社")

    # A broken save: the located errors instead of the document.
    server.edit('version: "1.2"\n  last_updated', "version: 1.20\n  last_updated")
    errors = page.locator("#errors")
    expect(errors).to_be_visible()
    lines = server.file.read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text == "  version: 1.20")
    expect(errors).to_contain_text(f"{server.file}:{line}:12: agreement.version: expected text, got a number 1.2")
    expect(page.locator("#viewer")).to_be_hidden()
    expect(page.locator("#status")).to_contain_text("1 problem(s)")

    # The last good rendering is one click away, and another click hides it again.
    page.locator("#last-good").click()
    expect(page.locator("#viewer")).to_be_visible()
    expect(document.locator(".title-block .company")).to_contain_text("アクメ・ライブプレビュー株式会社")
    expect(errors).to_be_visible()
    page.locator("#last-good").click()
    expect(page.locator("#viewer")).to_be_hidden()

    # Fixed, with another edit in the same save: the errors go and the new text shows.
    server.edit("version: 1.20\n", 'version: "1.2"\n', ("id: ACME-SLA-FY2026", "id: ACME-SLA-FIXED"))
    expect(errors).to_be_hidden()
    expect(page.locator("#viewer")).to_be_visible()
    expect(document.locator(".doc-id")).to_contain_text("ACME-SLA-FIXED")


def test_the_pdf_view_follows_saves(page: Page, server: Server, tmp_path: Path) -> None:
    expect(page.frame_locator("#document").locator("h1.title")).to_contain_text(TITLE)
    page.locator("#view-pdf").click()
    expect(page.locator("#pdf")).to_be_visible()
    expect(page.locator("body")).to_have_attribute("data-pdf-revision", "1")
    server.edit("company: アクメ・ファクトリークラウド株式会社", "company: アクメ・ピーディーエフ株式会社")
    expect(page.locator("body")).to_have_attribute("data-pdf-revision", "2", timeout=60_000)
    expect(page.locator("#status")).to_contain_text("PDF made at")
    response = page.request.get(server.url + "document.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "preview.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "アクメ・ピーディーエフ株式会社" in text


def test_a_file_invalid_from_the_start_shows_its_errors(browser: BrowserContext, tmp_path: Path) -> None:
    broken = tmp_path / "source" / "broken.yaml"
    broken.parent.mkdir()
    broken.write_text("agreement:\n  id: [\n", encoding="utf-8")
    with preview_server(tmp_path, source=broken) as server:
        tab = browser.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        tab.goto(server.url)
        expect(tab.locator("#errors")).to_contain_text(f"{server.file}:3:1:")
        expect(tab.locator("#last-good")).to_be_hidden()
        expect(tab.locator("#viewer")).to_be_hidden()
        tab.close()
