// Bundles the explorer page: node build.mjs NODE_MODULES OUT_DIR.
// The dependencies come from NODE_MODULES (npm ci into the build directory), so the source tree
// never holds node_modules; the output is index.html, style.css and app.js (with the world map and
// the derived coordinates inlined), served by `cityties serve`.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [nodeModules, out] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const { build } = createRequire(join(nodeModules, "index.js"))("esbuild");
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  outfile: join(out, "app.js"),
  nodePaths: [nodeModules],
  loader: { ".json": "json" },
  logLevel: "warning",
});
for (const f of ["index.html", "style.css"]) copyFileSync(join(here, f), join(out, f));
