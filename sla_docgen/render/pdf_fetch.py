"""The only way WeasyPrint may read a resource: `data:` URLs and files inside the allowed template folders.

Everything else (other files, http, ftp, redirects) is refused with a fatal error that stops
the render; `render/pdf.py` turns it into a RenderError naming the URL.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class BlockedFetch(FatalURLFetchingError):  # type: ignore[misc]
    """WeasyPrint asked for a resource outside the allowed places (or it could not be read)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{reason}: {url}")
        self.url = url
        self.reason = reason


class SafeURLFetcher(URLFetcher):  # type: ignore[misc]
    """Serve `data:` URLs and regular files under `roots`; stop the render on anything else."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.fetched: list[str] = []
        """Every URL served, in order (tests use it to prove nothing else was read)."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            response = super().fetch(url, headers)
            self.fetched.append(url[:40])
            return response
        if scheme != "file":
            raise BlockedFetch(url, "blocked")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise BlockedFetch(url, "blocked")
        path = Path(unquote(parts.path))
        try:
            resolved = path.resolve(strict=True)
        except OSError:
            raise BlockedFetch(url, "missing") from None
        if not any(resolved.is_relative_to(root) for root in self.roots):
            raise BlockedFetch(url, "blocked")
        if not resolved.is_file():
            raise BlockedFetch(url, "missing")
        body = resolved.read_bytes()
        content_type = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
        self.fetched.append(url)
        return URLFetcherResponse(resolved.as_uri(), body=body, headers={"Content-Type": content_type})
