"""Links from the HTML our macros write to other pages and files of the site, right for either URL style.

MkDocs turns `page.md` links into URLs only in the Markdown it parses itself; the HTML a macro returns is passed through
as it is. So the macros resolve their own links here, for the page they are rendered on and for the URL style of the
build: `use_directory_urls: true` for the served site (`kb/tar-pit/`), false for the offline copy opened from a folder
(`kb/tar-pit.html`, because a `file://` browser shows a directory listing instead of its index.html).

Zensical, unlike MkDocs, rewrites every relative link in a page's HTML, macro output included, as it does Markdown
links: `../kb/tar-pit.md` becomes that page's URL, any other relative link is read from the source file's folder. Built
by Zensical (`markdown_links`), the links in HTML are therefore written as in the page's Markdown and left to it; only
URLs a page script follows (in JSON, which no builder rewrites) are still resolved here.
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
    markdown_links: bool = False   # the builder resolves links in HTML as in Markdown (Zensical)

    def _relative(self, target_url: str) -> str:
        here = page_url(self.page, self.directory_urls)
        base = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
        relative = posixpath.relpath(target_url or ".", base or ".")
        if relative == ".":
            return "./"
        return relative + "/" if target_url.endswith("/") or not target_url else relative

    def _as_in_markdown(self, path: str) -> str:
        return posixpath.relpath(path, posixpath.dirname(self.page) or ".")

    def to_page(self, source: str, fragment: str = "") -> str:
        """Link in this page's HTML to the page built from `source` (a path under docs/)."""
        target = self._as_in_markdown(source) if self.markdown_links else self.script_url(source)
        return target + (f"#{fragment}" if fragment else "")

    def to_file(self, path: str) -> str:
        """Link in this page's HTML to a file copied as it is (e.g. "schemas/progress-v1.schema.json")."""
        return self._as_in_markdown(path) if self.markdown_links else self._relative(path)

    def script_url(self, source: str) -> str:
        """URL of the page built from `source`, relative to this page, for a page script to follow (never rewritten)."""
        return self._relative(page_url(source, self.directory_urls))

    def resolve(self, href: str) -> str:
        """A link written as in this page's own Markdown: `../kb/tar-pit.md#anchor` becomes the built page's URL.

        Web addresses, site-absolute paths, fragments and relative links to non-Markdown files are left as written.
        """
        if self.markdown_links or href.lower().startswith(_EXTERNAL_PREFIXES):
            return href
        path, _, fragment = href.partition("#")
        if not path.endswith(".md"):
            return href
        source = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), path))
        return self.to_page(source, fragment)
