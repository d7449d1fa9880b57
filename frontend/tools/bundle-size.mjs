// Initial JavaScript of the production build, gzipped: the scripts and module preloads that
// index.html loads before anything lazy. Fails above the limit (default 250 KB).
//   node tools/bundle-size.mjs [limitKB]
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'browser');
const limitKb = Number(process.argv[2] ?? 250);
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = new Set(
  [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map(
    (m) => m[1],
  ),
);
let raw = 0;
let gz = 0;
for (const file of files) {
  const body = readFileSync(join(dist, file));
  raw += body.length;
  gz += gzipSync(body, { level: 9 }).length;
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(
  `initial JavaScript: ${files.size} files, ${kb(raw)} KB raw, ${kb(gz)} KB gzipped (limit ${limitKb} KB)`,
);
if (gz > limitKb * 1024) {
  console.error('initial JavaScript is over budget');
  process.exit(1);
}
