"""Links from the HTML our macros write to other pages and files of the site, right for either URL style.

MkDocs turns `page.md` links into URLs only in the Markdown it parses itself; the HTML a macro returns is passed through
as it is. So the macros resolve their own links here, for the page they are rendered on and for the URL style of the
build: `use_directory_urls: true` for the served site (`kb/tar-pit/`), false for the offline copy opened from a folder
(`kb/tar-pit.html`, because a `file://` browser shows a directory listing instead of its index.html).
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass

_EXTERNAL_PREFIXES = ("http://", "https://", "/", "#")


def page_url(source: str, directory_urls: bool) -> str:
    """The site-relative URL MkDocs gives the page built from `source` (a path under docs/, e.g. "kb/tar-pit.md")."""
    stem = source.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@dataclass(frozen=True)
class SiteLinks:
    """Links as seen from one page: `page` is its source under docs/ (e.g. "checklists/tarpit.md")."""

    page: str
    directory_urls: bool = True

    def _relative(self, target_url: str) -> str:
        here = page_url(self.page, self.directory_urls)
        base = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
        relative = posixpath.relpath(target_url or ".", base or ".")
        if relative == ".":
            return "./"
        return relative + "/" if target_url.endswith("/") or not target_url else relative

    def to_page(self, source: str, fragment: str = "") -> str:
        """URL of the page built from `source` (a path under docs/), relative to this page."""
        return self._relative(page_url(source, self.directory_urls)) + (f"#{fragment}" if fragment else "")

    def to_file(self, path: str) -> str:
        """URL of a file copied as it is (e.g. "schemas/progress-v1.schema.json"), relative to this page."""
        return self._relative(path)

    def resolve(self, href: str) -> str:
        """A link written as in this page's own Markdown: `../kb/tar-pit.md#anchor` becomes the built page's URL.

        Web addresses, site-absolute paths, fragments and relative links to non-Markdown files are left as written.
        """
        if href.lower().startswith(_EXTERNAL_PREFIXES):
            return href
        path, _, fragment = href.partition("#")
        if not path.endswith(".md"):
            return href
        source = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), path))
        return self.to_page(source, fragment)
