// Runs the site's real search (themes/default/static/search.js) against a
// built site's index, as a browser would, and prints the results as JSON:
//   node tests/search/run.mjs PUBLIC_DIR QUERY [KIND] [FIELD]
// Also reports the bytes of index files the query loaded, raw and gzipped
// (as a web server with gzip on sends them).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const [publicDir, query, kind = "", field = ""] = process.argv.slice(2);
const source = readFileSync(join(publicDir, "assets", "search.js"), "utf8");
const { createSearch } = await import("data:text/javascript," + encodeURIComponent(source));
let bytes = 0;
let gzipped = 0;
const loaded = [];
const search = createSearch(async (path) => {
  const data = readFileSync(join(publicDir, "tim-kiem", path));
  bytes += data.length;
  gzipped += gzipSync(data).length;
  loaded.push(path);
  return JSON.parse(data.toString("utf8"));
});
const results = await search(query, { kind, field, limit: 10 });
console.log(JSON.stringify({ total: results.total, partial: results.partial, bytes, gzipped, loaded, results }));
