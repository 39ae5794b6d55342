// Bundles the explorer page: node build.mjs NODE_MODULES OUT_DIR.
// The dependencies come from NODE_MODULES (npm ci into the build directory), so the source tree
// never holds node_modules; the output is index.html, style.css and app.js (with the world map and
// the derived coordinates inlined), served by `cityties serve`.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [nodeModules, out] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const { build } = createRequire(join(nodeModules, "index.js"))("esbuild");
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.startsWith("chunk-")) rmSync(join(out, f));  // an earlier build's chunks
await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  // The map's module and the world's outlines are a chunk of their own, loaded on the first visit
  // to the map, so the first drawing does not wait for them.
  splitting: true,
  outdir: out,
  entryNames: "app",
  chunkNames: "chunk-[hash]",
  nodePaths: [nodeModules],
  loader: { ".json": "json" },
  logLevel: "warning",
});
for (const f of ["index.html", "style.css"]) copyFileSync(join(here, f), join(out, f));
