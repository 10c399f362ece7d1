// Writes .br (brotli, quality 11) and .gz (gzip -9) beside each static asset under the site root, so the
// server sends the smallest file phones can get without compressing on every request. Run after every
// release build (the Makefile does): a stale .br would be served instead of a newer file, so any
// compressed copy older than its source is rewritten.
import { readdirSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const root = process.argv[2] ?? 'target/site';
const kinds = new Set(['.wasm', '.js', '.css', '.geojson', '.svg', '.json']);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (kinds.has(extname(name))) yield path;
  }
}

let written = 0;
for (const path of files(root)) {
  const source = statSync(path);
  const data = readFileSync(path);
  const fresh = (copy) => { try { return statSync(copy).mtimeMs >= source.mtimeMs; } catch { return false; } };
  if (!fresh(`${path}.br`)) {
    writeFileSync(`${path}.br`, brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }));
    written++;
  }
  if (!fresh(`${path}.gz`)) {
    writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
    written++;
  }
}
console.log(`precompressed: ${written} files written under ${root}`);
