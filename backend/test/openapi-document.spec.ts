/**
 * The committed OpenAPI document (backend/openapi.json, which the console's API types and the
 * Redocly lint read) is exactly what the app serves at /api/docs-json, and what
 * `npm run openapi` writes without a database. A DTO or decorator change without
 * `npm run openapi -w backend` fails here.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { API_PREFIX } from '../src/app.js';
import { documentWithoutDatabase, serializeOpenApi } from '../src/openapi-document.js';
import { createTestApp } from './test-app.js';

const committed = readFileSync(new URL('../openapi.json', import.meta.url), 'utf8');
const t = await createTestApp();

afterAll(async () => {
  await t.close();
});

const REGENERATE = 'backend/openapi.json is stale: run `npm run openapi -w backend` and commit it';

describe('the committed OpenAPI document', () => {
  it('is what the app serves at /api/docs-json', async () => {
    const served = (await t.http().get('/api/docs-json').expect(200)).body as object;
    const same = serializeOpenApi(served) === committed;
    if (!same) expect(serializeOpenApi(served)).toBe(REGENERATE);
    expect(same).toBe(true);
  });

  it('is what `npm run openapi` builds without a database', async () => {
    const built = serializeOpenApi(await documentWithoutDatabase(API_PREFIX));
    if (built !== committed) expect(built).toBe(REGENERATE);
    expect(built).toBe(committed);
  });

  it('gives every error answer a problem+json schema and every operation a summary', () => {
    const doc = JSON.parse(committed) as {
      paths: Record<
        string,
        Record<string, { summary?: string; responses: Record<string, { content?: object }> }>
      >;
    };
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.summary) missing.push(`${method} ${path}: summary`);
        for (const [status, response] of Object.entries(op.responses)) {
          const content = Object.keys(response.content ?? {});
          if (Number(status) >= 400 && content.join() !== 'application/problem+json')
            missing.push(`${method} ${path} ${status}: ${content.join() || 'no content'}`);
          if (Number(status) < 300 && status !== '204' && content.length === 0)
            missing.push(`${method} ${path} ${status}: no schema`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
