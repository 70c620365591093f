"""The checklist model: frozen dataclasses built by the loader from validated YAML, read by the renderers."""
from __future__ import annotations

from dataclasses import dataclass

from .parameters import Parameter


@dataclass(frozen=True)
class Reference:
    title: str
    publisher: str
    kb: str = ""
    rfc: int | None = None
    section: str = ""
    url: str = ""


@dataclass(frozen=True)
class Caveat:
    title: str
    text: str


@dataclass(frozen=True)
class Snippet:
    item_id: str
    kind: str
    format: str
    template: str

    @property
    def hook(self) -> str:
        return f"{self.item_id}/{self.kind}/{self.format}"


@dataclass(frozen=True)
class Variant:
    platforms: tuple[str, ...]
    steps: str
    snippets: tuple[Snippet, ...]


@dataclass(frozen=True)
class Setting:
    """A setting an item changes: what the server calls it, its kind, and per platform its value on a server
    nobody has changed ('absent', or 'unconfirmed' where no source says)."""

    id: str
    label: str
    type: str
    defaults: tuple[tuple[str, str], ...]   # (platform id, default), in the order the file gives them


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    why: str
    parameters: tuple[Parameter, ...]
    variants: tuple[Variant, ...]
    caveats: tuple[Caveat, ...]
    references: tuple[Reference, ...]
    replaces: tuple[str, ...] = ()
    settings: tuple[Setting, ...] = ()
    irreversible: str = ""   # why the change cannot be undone; empty when it can

    @property
    def snippets(self) -> tuple[Snippet, ...]:
        return tuple(snippet for variant in self.variants for snippet in variant.snippets)


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    summary: str
    platforms: tuple[str, ...]
    items: tuple[Item, ...]
    source: str  # the file it came from, relative to the project
    short_title: str = ""

    @property
    def page(self) -> str:
        """The page that shows this checklist, under docs/ (a test checks that each one exists and is in the nav)."""
        return f"checklists/{self.id}.md"


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    short_name: str
    windows: str
    exchange: str
    powershell: str
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class Catalog:
    platforms: tuple[Platform, ...]
    checklists: tuple[Checklist, ...]

    def checklist(self, checklist_id: str) -> Checklist:
        for checklist in self.checklists:
            if checklist.id == checklist_id:
                return checklist
        raise KeyError(f"no checklist with id '{checklist_id}' in checklists/")

    def platform(self, platform_id: str) -> Platform:
        return next(platform for platform in self.platforms if platform.id == platform_id)
