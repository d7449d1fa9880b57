// Writes `<file>.br` and `<file>.gz` next to every text file of the production build over 1 KiB
// (best compression, done once at build time), for the API (backend/src/common/http.ts) and
// nginx (gzip_static) to send to clients that accept them. index.html is left out: each answer
// of it carries a fresh CSP nonce, so it is compressed per answer.
//   node tools/precompress.mjs
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'browser');
const TEXT = /\.(js|mjs|css|svg|json|txt|map|webmanifest|xml)$/;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (TEXT.test(entry.name)) yield path;
  }
}

let count = 0;
let raw = 0;
let br = 0;
for (const path of files(dist)) {
  const body = readFileSync(path);
  if (body.length <= 1024) continue;
  const brotli = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  writeFileSync(`${path}.br`, brotli);
  writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
  count++;
  raw += body.length;
  br += brotli.length;
}
console.log(
  `precompressed ${count} files: ${(raw / 1024).toFixed(1)} KB raw, ${(br / 1024).toFixed(1)} KB br`,
);
