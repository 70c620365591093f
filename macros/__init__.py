"""mkdocs-macros entry point: registration only. The logic lives in the modules beside this file."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

if __spec__ is not None and __spec__.name not in sys.modules:
    # Zensical's macros shim runs this file by path without registering the package, which leaves the relative
    # imports below no parent to import from: register it as `import macros` would.
    sys.modules[__spec__.name] = importlib.util.module_from_spec(__spec__)

from .errors import CatalogError
from .html_blocks import HtmlBlocks
from .loader import load_catalog_once
from .maillogs_page import fix_checklists, render_mail_logs_page
from .render import (
    render_checklist,
    render_checklist_index,
    render_dashboard,
    render_report,
    snippet_formats_markdown,
    snippet_kinds_markdown,
    statuses_markdown,
)
from .site_links import SiteLinks


def page_links(env) -> SiteLinks:
    """Links as seen from the page being rendered, for the builder and URL style of this build."""
    # Read when a page renders, not in define_env: the offline plugin turns use_directory_urls off in its own on_config.
    directory_urls = bool(env.conf.get("use_directory_urls", True))
    if type(env).__module__.startswith("zensical."):
        # Zensical's macros shim: its page has no File (the source is page.path), and Zensical rewrites the links in
        # macro output itself (site_links module docstring).
        return SiteLinks(env.page.path, directory_urls, markdown_links=True)
    return SiteLinks(env.page.file.src_uri, directory_urls)


def define_env(env) -> None:
    # Validate every checklist file, used by a page or not, before any page renders: a bad file fails the build
    # with the same file:line:col lines the CLI prints. Once per build, under Zensical too (load_catalog_once).
    try:
        from mkdocs.exceptions import PluginError  # MkDocs prints it as a build error, without a traceback
    except ImportError:   # Zensical without MkDocs: any exception fails the build, and it prints the message
        PluginError = RuntimeError

    try:
        catalog = load_catalog_once(Path(env.project_dir))
    except CatalogError as error:
        raise PluginError(f"checklist validation failed:\n{error}") from None

    # Under MkDocs the HTML bypasses Markdown's raw-HTML parsing (html_blocks.py: most of a large build's time). Other
    # hosts of this module (Zensical's own macros) get the HTML itself, which they handle as before.
    as_block = lambda html: html  # noqa: E731
    if type(env).__module__.startswith("mkdocs_macros."):
        blocks = HtmlBlocks()
        env.conf["markdown_extensions"].append(blocks)
        as_block = blocks.token

    @env.macro
    def checklist(checklist_id: str) -> str:
        """The interactive checklist with this id (checklists/<id>.yaml)."""
        return as_block(render_checklist(catalog, catalog.checklist(checklist_id), page_links(env)))

    @env.macro
    def checklist_index() -> str:
        """A list of every checklist, linked, in workflow order."""
        return as_block(render_checklist_index(catalog, page_links(env)))

    @env.macro
    def client_dashboard() -> str:
        """Every client stored in this browser, with progress, export and import."""
        return as_block(render_dashboard(catalog, page_links(env)))

    @env.macro
    def client_report() -> str:
        """A printable report of one client's progress."""
        return as_block(render_report(catalog, fix_checklists(catalog)))

    @env.macro
    def mail_logs_page() -> str:
        """The Mail logs page: log files read in the browser, the verdict, the chart and the evidence."""
        return as_block(render_mail_logs_page(catalog, page_links(env)))

    # The shared lists as the reference pages print them (macros/vocabulary.py is their one source).
    env.macro(statuses_markdown, "statuses")
    env.macro(snippet_kinds_markdown, "snippet_kinds")
    env.macro(snippet_formats_markdown, "snippet_formats")

    @env.macro
    def platform_ids() -> str:
        """The platform ids of checklists/platforms/platforms.yaml, as the reference pages list them."""
        return ", ".join(f"`{platform.id}`" for platform in catalog.platforms)
