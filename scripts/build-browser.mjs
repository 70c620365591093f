// Build the browser code from browser/ (ES modules) into docs/javascripts/sbskb/: one classic IIFE script per page
// kind plus the common one every page loads, minified, each with its source map; and its stylesheets from
// browser/styles/ into docs/stylesheets/sbskb/, split the same way. The built files are committed, so serving the
// site and the offline copy need no Node (docs/contributing.md, "Browser code").
//   node scripts/build-browser.mjs            build (npm run build)
//   node scripts/build-browser.mjs --check    build in memory; fail when the committed bundles are stale, a module
//                                             is over 300 lines, or the modules import each other in a cycle
import { build } from "esbuild";
import { readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync, unlinkSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const SCRIPTS_OUT = "docs/javascripts/sbskb";
const STYLES_OUT = "docs/stylesheets/sbskb";
const MAX_LINES = 300;
const ENTRIES = { common: "browser/common.js", checklist: "browser/pages/checklist.js",
                  clients: "browser/pages/clients.js", report: "browser/pages/report.js",
                  copylink: "browser/pages/copylink.js", maillogs: "browser/pages/maillogs.js",
                  // The mail-log analyser: a worker's script, or on the main thread where no worker starts (file://).
                  "maillogs-worker": "browser/maillogs-worker.js" };

const SHARED = { absWorkingDir: ROOT, bundle: true, minify: true, legalComments: "none", charset: "utf8",
                 write: false, metafile: true, logLevel: "error" };
const styles = await build({
  ...SHARED,
  entryPoints: Object.fromEntries(["common", "checklist", "clients", "report", "maillogs"]
    .map((name) => [name, `browser/styles/${name}.css`])),
  outdir: STYLES_OUT,
});
const result = await build({
  ...SHARED,
  entryPoints: ENTRIES,
  format: "iife",
  sourcemap: "linked",
  target: "es2020",
  outdir: SCRIPTS_OUT,
});

// Parts (browser/parts/*.js, loaded on demand by parts.js `loadPart`) use their page's own instances of the modules
// that hold its state: each import of one of those becomes a read of what the page handed over (part-link.js
// `sharedModule`), never a second copy with a second store.
// (Modules without state of their own, such as clients.js, are bundled into a part too and read the page's store
// through it. vocabulary.js keeps only what the page's data block says, the same in every copy.)
const PAGE_STATE = ["storage.js", "storage-memory.js"];
const shareWithPage = {
  name: "shared-with-page",
  setup(plugin) {
    plugin.onResolve({ filter: /\.js$/ }, (args) => {
      const file = join(args.resolveDir, args.path);
      if (dirname(file) !== join(ROOT, "browser") || !PAGE_STATE.includes(basename(file))) return undefined;
      return { path: basename(file), namespace: "shared-with-page" };
    });
    plugin.onLoad({ filter: /.*/, namespace: "shared-with-page" }, (args) => ({
      contents: `module.exports = require("./part-link.js").sharedModule(${JSON.stringify(args.path)});`,
      resolveDir: join(ROOT, "browser"),
      loader: "js",
    }));
  },
};
const partNames = readdirSync(join(ROOT, "browser", "parts")).filter((name) => name.endsWith(".js"));
const parts = await build({
  ...SHARED,
  entryPoints: Object.fromEntries(partNames.map((name) => [`part-${name.slice(0, -3)}`, `browser/parts/${name}`])),
  format: "iife",
  sourcemap: "linked",
  target: "es2020",
  outdir: SCRIPTS_OUT,
  plugins: [shareWithPage],
});

const problems = [];

// No module over MAX_LINES lines: one concern each.
const inputs = { ...result.metafile.inputs, ...parts.metafile.inputs };
for (const file of Object.keys(inputs).filter((name) => !name.includes(":"))) {
  const lines = readFileSync(join(ROOT, file), "utf8").split("\n").length - 1;
  if (lines > MAX_LINES) problems.push(`${file}: ${lines} lines, over the ${MAX_LINES} a module may have`);
}

// No import cycle: a depth-first walk over the import graph esbuild resolved.
const graph = Object.fromEntries(Object.entries(inputs)
  .map(([file, input]) => [file, input.imports.map((imported) => imported.path)]));
const state = {};
const walk = (file, path) => {
  if (state[file] === "done") return;
  if (state[file] === "open") {
    problems.push(`import cycle: ${path.slice(path.indexOf(file)).concat(file).join(" -> ")}`);
    return;
  }
  state[file] = "open";
  for (const next of graph[file] || []) walk(next, path.concat(file));
  state[file] = "done";
};
Object.keys(graph).sort().forEach((file) => walk(file, []));

// Per output folder: file name -> the text built for it.
const outputs = {};
for (const file of [...result.outputFiles, ...parts.outputFiles, ...styles.outputFiles]) {
  const folder = relative(ROOT, dirname(file.path));
  (outputs[folder] ||= {})[basename(file.path)] = file.text;
}
for (const [folder, built] of Object.entries(outputs)) {
  const out = join(ROOT, folder);
  if (process.argv.includes("--check")) {
    const committed = existsSync(out) ? readdirSync(out) : [];
    const stale = Object.keys(built).filter((name) => !committed.includes(name)
      || readFileSync(join(out, name), "utf8") !== built[name]);
    const extra = committed.filter((name) => !(name in built));
    if (stale.length || extra.length) {
      problems.push(`${folder}/ is stale (${stale.concat(extra).join(", ")}): run \`npm run build\` and commit it`);
    }
  } else {
    mkdirSync(out, { recursive: true });
    for (const name of readdirSync(out)) if (!(name in built)) unlinkSync(join(out, name));
    for (const [name, text] of Object.entries(built)) writeFileSync(join(out, name), text);
  }
}
for (const problem of problems) console.error(problem);
process.exit(problems.length ? 1 : 0);
