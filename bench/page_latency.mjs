// The explorer page's first view in Debian's chromium (playwright-core): N fresh loads of `/`,
// each in a new browser context (nothing cached), timed by the page's own marks from the start
// of the navigation: the first view drawn (cityties:first-drawing) and the page ready, the saved
// view restored and every control wired (cityties:ready). Prints each load, then the medians.
//
//   node bench/page_latency.mjs BINARY DB NODE_MODULES [N]   (N = 5; NODE_MODULES: build/web-npm/node_modules)
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [binary, db, nodeModules, runs = "5"] = process.argv.slice(2);
const { chromium } = createRequire(resolve(nodeModules, "index.js"))("playwright-core");
const server = spawn(binary, ["serve", "--db", db, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((ok, fail) => {
  server.stdout.once("data", (d) => (String(d).match(/http:\/\/\S+/) ? ok(String(d).match(/http:\/\/\S+/)[0].replace(/\/$/, "")) : fail(new Error(String(d)))));
  server.once("exit", (code) => fail(new Error("serve exited " + code)));
});
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const drawn = [], ready = [];
try {
  console.log(`load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  for (let i = 0; i < Number(runs); i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(base + "/");
    await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
    const marks = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, Math.round(m.startTime)])));
    const calls = await page.evaluate(() => performance.getEntriesByType("resource")
      .filter((r) => r.name.includes("/api/")).map((r) => `${new URL(r.name).pathname} ${Math.round(r.startTime)}+${Math.round(r.duration)}`));
    drawn.push(marks["cityties:first-drawing"]);
    ready.push(marks["cityties:ready"]);
    console.log(`load ${i + 1}: first drawing ${drawn.at(-1)} ms, ready ${ready.at(-1)} ms; ${calls.join(", ")}`);
    await context.close();
  }
  console.log(`median of ${runs}: first drawing ${median(drawn)} ms, ready ${median(ready)} ms`);
} finally {
  await browser.close();
  server.kill();
}
