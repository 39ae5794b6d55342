// Kùzu's side of bench/run.py: loads the generated graph with COPY FROM and times Cypher queries.
//   node kuzu_bench.mjs '{"dir": ..., "nodes": nodes.tsv, "edges": edges.txt, "q": .., "name": .., "s": .., "t": .., "repeat": 3}'
// Prints {"version": ..., "seconds": {row: median seconds}} on stdout. Runs offline: the kuzu
// package (bench/package.json) carries its native library.
import kuzu from "kuzu";

const job = JSON.parse(process.argv[2]);

async function seconds(fn, repeat) {
  const times = [];
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (times[0] >= 5) break;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const db = new kuzu.Database(job.dir);
const conn = new kuzu.Connection(db);
const all = async (cypher, params) => {
  const result = params ? await conn.execute(await conn.prepare(cypher), params) : await conn.query(cypher);
  return result.getAll();
};

const out = {};
out.import = await seconds(async () => {
  await all("CREATE NODE TABLE V(num INT64, ext STRING, label STRING, name STRING, PRIMARY KEY(num))");
  await all("CREATE REL TABLE E(FROM V TO V)");
  await all(`COPY V FROM '${job.nodes}' (delim='\t', header=false)`);
  await all(`COPY E FROM '${job.edges}' (delim=' ', header=false)`);
}, 1);
out.get_id = await seconds(() => all("MATCH (v:V) WHERE v.num = $q RETURN v.*", { q: job.q }), job.repeat);
out.get_name = await seconds(() => all("MATCH (v:V) WHERE v.name = $n RETURN v.*", { n: job.name }), job.repeat);
out.hop1 = await seconds(() => all("MATCH (a:V)-[:E]-(b:V) WHERE a.num = $q RETURN b.num", { q: job.q }), job.repeat);
out.hop2 = await seconds(
  () => all("MATCH (a:V)-[:E*1..2]-(b:V) WHERE a.num = $q RETURN DISTINCT b.num", { q: job.q }), job.repeat);
// BFS to depth 3, as SQLite's recursive CTE: every vertex within 3 hops of s and its depth
// (one shortest path each; a plain *1..3 would enumerate every walk).
out.bfs = await seconds(
  () => all("MATCH p = (a:V)-[:E* SHORTEST 1..3]-(b:V) WHERE a.num = $s RETURN b.num, length(p)", { s: job.s }), 1);
out.path = await seconds(
  () => all("MATCH p = (a:V)-[:E* SHORTEST 1..30]-(b:V) WHERE a.num = $s AND b.num = $t RETURN length(p)",
            { s: job.s, t: job.t }), job.repeat);
console.log(JSON.stringify({ version: kuzu.VERSION, seconds: out }));
