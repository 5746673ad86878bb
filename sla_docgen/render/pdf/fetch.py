"""The only way WeasyPrint may read a resource: `data:` URLs and regular files inside the template folders.

Everything else (other files, http, ftp, redirects) is refused with a fatal error that stops
the render; `renderer` turns it into a RenderError naming the URL.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from sla_docgen.errors import InputError
from sla_docgen.logo import ImageRejected, check_image, image_type
from sla_docgen.reading import read_input

MAX_RESOURCE_BYTES = 16 * 1024 * 1024
"""A stylesheet, font or image in the template folders (raster images also get the logo's limits)."""


class BlockedFetch(FatalURLFetchingError):  # type: ignore[misc]
    """WeasyPrint asked for a resource outside the allowed places (or it could not be read)."""

    def __init__(self, url: str, reason: str, cause: Exception | None = None) -> None:
        super().__init__(f"{reason}: {url}")
        self.url = url
        self.reason = reason
        """"blocked", "missing", "unreadable" (then `cause` is the InputError) or "image" (an ImageRejected)."""
        self.cause = cause


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
        try:
            body = read_input(resolved, limit=MAX_RESOURCE_BYTES)
        except InputError as error:
            raise BlockedFetch(url, "unreadable", error) from None
        if image_type(body) is not None:  # a raster image WeasyPrint would decode: the logo's checks first
            try:
                check_image(body)
            except ImageRejected as rejected:
                raise BlockedFetch(url, "image", rejected) from None
        content_type = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
        self.fetched.append(url)
        return URLFetcherResponse(resolved.as_uri(), body=body, headers={"Content-Type": content_type})
