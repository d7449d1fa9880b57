import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupFileName, planRestore } from './backup.js';
import { locatePgTool, MissingPgToolError } from './pg-tools.js';

/** A fake client tool that prints `<name> (PostgreSQL) <version>` like the real ones. */
function fakeTool(dir: string, name: string, version: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho "${name} (PostgreSQL) ${version}"\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('locatePgTool', () => {
  const withDir = (fn: (dir: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'stride-pgtools-'));
    try {
      fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('prefers /usr/lib/postgresql/<server major>/bin, then the lowest newer one there', () =>
    withDir((dir) => {
      const root = join(dir, 'versioned');
      fakeTool(join(root, '14', 'bin'), 'pg_dump', '14.1');
      const v16 = fakeTool(join(root, '16', 'bin'), 'pg_dump', '16.2');
      const v17 = fakeTool(join(root, '17', 'bin'), 'pg_dump', '17.0');
      const onPath = fakeTool(join(dir, 'bin'), 'pg_dump', '18.0');
      expect(locatePgTool('pg_dump', 15, { versionedRoot: root, path: join(dir, 'bin') })).toBe(v16);
      const v15 = fakeTool(join(root, '15', 'bin'), 'pg_dump', '15.10');
      expect(locatePgTool('pg_dump', 15, { versionedRoot: root, path: join(dir, 'bin') })).toBe(v15);
      expect(locatePgTool('pg_dump', 17, { versionedRoot: root, path: '' })).toBe(v17);
      expect(locatePgTool('pg_dump', 18, { versionedRoot: root, path: join(dir, 'bin') })).toBe(onPath);
    }));

  it('takes one on PATH only when its major version is at least the server’s', () =>
    withDir((dir) => {
      fakeTool(join(dir, 'old'), 'pg_restore', '13.4');
      const fresh = fakeTool(join(dir, 'new'), 'pg_restore', '15.3');
      const path = `${join(dir, 'old')}:${join(dir, 'new')}`;
      expect(locatePgTool('pg_restore', 15, { versionedRoot: join(dir, 'none'), path })).toBe(fresh);
    }));

  it('says in one sentence how to install the client tools when none fits', () =>
    withDir((dir) => {
      fakeTool(join(dir, 'old'), 'pg_dump', '13.4');
      let error: unknown;
      try {
        locatePgTool('pg_dump', 15, { versionedRoot: join(dir, 'none'), path: join(dir, 'old') });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(MissingPgToolError);
      const message = (error as Error).message;
      expect(message).toContain('pg_dump 15 or newer is needed');
      expect(message).toContain('is version 13');
      expect(message).toContain('apt-get install postgresql-client-15');
      expect(message).not.toContain('\n');
    }));
});

describe('planRestore', () => {
  const toc = [
    ';',
    '; Archive created at 2026-12-07 22:15:19 UTC',
    '215; 1259 16390 TABLE public schema_migrations stride',
    '3380; 3256 16700 POLICY public users owner_maintenance stride',
    '3381; 3256 16701 POLICY public users tenant_isolation stride',
    '3390; 3256 16710 POLICY public audit_events owner_maintenance stride',
    '3400; 0 16400 ROW SECURITY public users stride',
  ].join('\n');

  it("leaves out the old owner's owner_maintenance policies and nothing else", () => {
    const plan = planRestore(toc);
    expect(plan.ownerPolicyTables).toEqual(['users', 'audit_events']);
    const lines = plan.list.split('\n');
    expect(lines.filter((l) => l.startsWith(';3'))).toEqual([
      ';3380; 3256 16700 POLICY public users owner_maintenance stride',
      ';3390; 3256 16710 POLICY public audit_events owner_maintenance stride',
    ]);
    expect(lines).toContain('3381; 3256 16701 POLICY public users tenant_isolation stride');
    expect(lines).toContain('3400; 0 16400 ROW SECURITY public users stride');
  });
});

describe('backupFileName', () => {
  it('is stride-<UTC time>.dump, sortable and without colons', () => {
    expect(backupFileName(new Date('2026-12-07T22:15:19.123Z'))).toBe('stride-20261207T221519Z.dump');
  });
});
