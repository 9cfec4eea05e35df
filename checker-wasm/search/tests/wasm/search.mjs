// Runs queries through the built search engine in Node, as search/page.js does in a browser:
// the manifest, the shards each query names, then the text of every hit.
//
//   node search.mjs <site/search dir> <query>...
//
// Node 20, no dependencies. Prints one JSON line: { "<query>": [count, [href, …]], … }.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, ...queries] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node search.mjs <search dir> <query>...");
  process.exit(2);
}
const engine = await import(pathToFileURL(path.resolve(dir, "search.js")).href);
engine.initSync({ module: fs.readFileSync(path.resolve(dir, "search_bg.wasm")) });
const read = (name) => new Uint8Array(fs.readFileSync(path.resolve(dir, name)));

const results = {};
for (const query of queries) {
  const search = new engine.Search(read("index.bin"));
  for (const name of search.filesFor(query)) search.addFile(name, read(name));
  const count = search.run(query);
  for (const name of search.filesForHits(0, count)) search.addFile(name, read(name));
  const flat = search.hits(0, count);
  const hrefs = [];
  for (let i = 0; i < flat.length; i += 5) hrefs.push(flat[i]);
  results[query] = [count, hrefs];
  search.free();
}
console.log(JSON.stringify(results));
