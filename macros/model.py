"""The checklist model: frozen dataclasses built by the loader from validated YAML, read by the renderers."""
from __future__ import annotations

from dataclasses import dataclass

from . import templating
from .before_values import RevertText, SettingSpec, fill_revert
from .parameters import Parameter
from .vocabulary import BEFORE_PREFIX


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
    absent_template: str = ""   # a revert's other branch: what runs when the setting was absent before the change

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
    check_name: str = ""  # the name the item's check prints it under (registry value or Format-List property)
    applied: str = ""    # the value the apply sets: literal, or a template of the item's parameters
    object: str = ""     # the parameter naming the one object it is on (a receive connector's Identity), if any

    def default_for(self, platform: str) -> str | None:
        return dict(self.defaults).get(platform)

    @property
    def spec(self) -> SettingSpec:
        return SettingSpec(self.id, self.type, self.check_name, self.object)


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

    def tab_defaults(self, variant: Variant) -> dict[str, str]:
        """Per setting, its default on this tab's platforms (the loader makes a tab's platforms agree)."""
        found = {}
        for setting in self.settings:
            default = next((setting.default_for(p) for p in variant.platforms if setting.default_for(p)), None)
            if default:
                found[setting.id] = default
        return found

    def reverted_on(self, setting_id: str) -> tuple[str, ...]:
        """The platforms whose tab has a revert that restores this setting (names `before.<setting id>`): a box has
        none, it is put back by hand."""
        name = BEFORE_PREFIX + setting_id
        return tuple(platform for variant in self.variants for platform in variant.platforms
                     if any(s.kind == "revert" and any(p.name == name for p in templating.placeholders(s.template))
                            for s in variant.snippets))

    def parameter_platforms(self) -> dict[str, set[str]]:
        """Per parameter name, the platforms whose commands use it: a snippet of their tab, or a setting they have
        whose applied value it fills or whose object it names."""
        used: dict[str, set[str]] = {}
        for variant in self.variants:
            for snippet in variant.snippets:
                for placeholder in templating.placeholders(snippet.template + snippet.absent_template):
                    used.setdefault(placeholder.name, set()).update(variant.platforms)
        for setting in self.settings:
            names = {placeholder.name for placeholder in templating.placeholders(setting.applied)}
            for name in names | ({setting.object} if setting.object else set()):
                used.setdefault(name, set()).update(platform for platform, _ in setting.defaults)
        return {name: platforms for name, platforms in used.items()
                if any(parameter.name == name for parameter in self.parameters)}

    def revert(self, snippet: Snippet, variant: Variant, values: dict, recorded: dict | None = None,
               use_default: bool = False) -> RevertText:
        """A revert filled for one client: `values` its parameter values, `recorded` its values before the change
        ({setting id: {"value", "object"}}), `use_default` the technician's choice of Microsoft's default where
        nothing is recorded."""
        identities = {name: str(value) for name, value in values.items()}
        return fill_revert(snippet.template, snippet.absent_template, {s.id: s.spec for s in self.settings},
                           self.tab_defaults(variant), values, recorded or {}, identities, use_default)

    def fill_applied(self, setting: Setting, values: dict) -> str:
        """The value the apply sets for this client (the setting's `applied`, filled with its parameter values)."""
        return templating.render(setting.applied, values)

    def fill(self, snippet: Snippet, variant: Variant, values: dict, recorded: dict | None = None,
             use_default: bool = False) -> str | None:
        """Any snippet's text for one client; None for a revert that cannot be written until a value is recorded."""
        if snippet.kind == "revert":
            return self.revert(snippet, variant, values, recorded, use_default).text
        return templating.render(snippet.template, values)


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
    oldest_powershell: str   # the oldest Windows PowerShell its snippets may assume, e.g. "1.0"


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

    def parameter_platforms(self) -> dict[str, tuple[str, ...]]:
        """Per parameter name, the platforms whose commands use it in any checklist, in the platform table's order:
        the Clients page shows a client the fields of its own platform."""
        used: dict[str, set[str]] = {}
        for checklist in self.checklists:
            for item in checklist.items:
                for name, platforms in item.parameter_platforms().items():
                    used.setdefault(name, set()).update(platforms)
        return {name: tuple(p.id for p in self.platforms if p.id in platforms) for name, platforms in used.items()}
