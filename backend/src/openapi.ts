/**
 * `npm run openapi -w backend`: writes the API's OpenAPI document to backend/openapi.json (or
 * the path given), without a database. `test/openapi-document.spec.ts` fails when the
 * committed file differs from what the app serves.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { API_PREFIX } from './app.js';
import { documentWithoutDatabase, serializeOpenApi } from './openapi-document.js';

const out = process.argv[2] ?? fileURLToPath(new URL('../openapi.json', import.meta.url));
writeFileSync(out, serializeOpenApi(await documentWithoutDatabase(API_PREFIX)));
process.stdout.write(`wrote ${out}\n`);
