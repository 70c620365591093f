// @ts-check
/* The catalogue the Clients page gets in its data block (macros/render.py `catalog_json`, without checks), as JSDoc
 * types for the dashboard-*.js modules. Types only: this module exports no code. */

/**
 * @typedef {import("./types.js").Vocabulary} Vocabulary
 * @typedef {import("./types.js").ValueSpec} ValueSpec
 * @typedef {import("./types.js").SettingSpec} SettingSpec
 */

/** @typedef {{ id: string, name: string, fullName: string }} CatalogPlatform */

/**
 * A snippet parameter of any item (macros/parameters.py `browser_spec` with its help text), and the platforms whose
 * commands use it (macros/model.py `Catalog.parameter_platforms`), in the platform table's order.
 * @typedef {ValueSpec & { name: string, label: string, help: string, default: string, platforms: string[] }}
 *   CatalogParameter
 */

/**
 * A setting of any item, with a value before the change (macros/render.py `catalog_json`).
 * @typedef {SettingSpec & { label: string, applied: string, item: string, defaults: Record<string, string>,
 *                           revertedOn: string[] }} CatalogSetting
 */

/** @typedef {{ id: string, title: string, replaces: string[] }} CatalogItem */

/**
 * A checklist in the catalogue's order; href is its page, as the build writes it for this site's URL style.
 * @typedef {{ id: string, title: string, shortTitle: string, href: string, items: CatalogItem[] }} CatalogChecklist
 */

/**
 * @typedef {{ vocabulary: Vocabulary, platforms: CatalogPlatform[], parameters: CatalogParameter[],
 *             settings: CatalogSetting[], checklists: CatalogChecklist[] }} ClientsCatalog
 */

export {};
