import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const SECRET = 'x'.repeat(32);
const APP_PASSWORD = 'y'.repeat(20);

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe(loadConfig.name, () => {
  describe('production', () => {
    it('refuses to start without its secrets and database', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^DATABASE_URL/),
          expect.stringMatching(/^JWT_SECRET/),
        ]),
      );
    });

    it('refuses demo data', () => {
      expect(
        problemsOf({
          NODE_ENV: 'production',
          DATABASE_URL: 'postgres://h/db',
          JWT_SECRET: SECRET,
          DATABASE_APP_PASSWORD: APP_PASSWORD,
          SEED_DEMO: 'true',
        }),
      ).toEqual([expect.stringMatching(/^SEED_DEMO/)]);
    });

    it('needs the password of the API role, or its own URL', () => {
      const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db', JWT_SECRET: SECRET };
      expect(problemsOf(base)).toEqual([expect.stringMatching(/^DATABASE_APP_PASSWORD or DATABASE_APP_URL/)]);
      expect(problemsOf({ ...base, DATABASE_APP_URL: 'postgres://app@h/db' })).toEqual([]);
      expect(problemsOf({ ...base, DATABASE_APP_PASSWORD: 'short' })).toEqual([
        expect.stringMatching(/^DATABASE_APP_PASSWORD must be/),
      ]);
    });

    it('starts with what it needs, with secure cookies and no seeding by default', () => {
      const c = loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://h/db',
        JWT_SECRET: SECRET,
        DATABASE_APP_PASSWORD: APP_PASSWORD,
      });
      expect(c).toMatchObject({ cookieSecure: true, seedDemo: false, host: '0.0.0.0' });
    });
  });

  describe('database as parts (docker-compose.yml)', () => {
    const PASSWORD = 'p@ss/w#rd:1 %?';
    const base = {
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      DATABASE_APP_PASSWORD: `${PASSWORD}-app-role`,
    };

    it('builds the owner URL with the password percent-encoded', () => {
      const c = loadConfig({
        ...base,
        DATABASE_HOST: 'db',
        DATABASE_USER: 'stride',
        DATABASE_PASSWORD: PASSWORD,
      });
      expect(c.databaseUrl).toBe('postgres://stride:p%40ss%2Fw%23rd%3A1%20%25%3F@db:5432/stride');
      const u = new URL(c.databaseUrl!);
      expect([decodeURIComponent(u.password), u.hostname, u.port, u.pathname]).toEqual([
        PASSWORD,
        'db',
        '5432',
        '/stride',
      ]);
      expect(c.databaseAppUrl).toBeUndefined();
    });

    it("without DATABASE_USER: only the app role's URL, and no migrating on start", () => {
      const env = { ...base, DATABASE_HOST: 'db', DATABASE_PORT: '6432', DATABASE_NAME: 'clinic' };
      expect(problemsOf(env)).toEqual([expect.stringMatching(/^MIGRATE_ON_START needs the owner/)]);
      const c = loadConfig({ ...env, MIGRATE_ON_START: 'false' });
      expect(c.databaseUrl).toBeUndefined();
      const u = new URL(c.databaseAppUrl!);
      expect([u.username, decodeURIComponent(u.password), u.host, u.pathname]).toEqual([
        'stride_app',
        `${PASSWORD}-app-role`,
        'db:6432',
        '/clinic',
      ]);
    });

    it.each([
      [{ DATABASE_HOST: 'db', DATABASE_URL: 'postgres://h/db' }, /^set DATABASE_URL or DATABASE_HOST/],
      [{ DATABASE_USER: 'stride', DATABASE_URL: 'postgres://h/db' }, /^DATABASE_USER needs DATABASE_HOST/],
      [{ DATABASE_HOST: 'db/x', DATABASE_USER: 'stride' }, /^DATABASE_HOST must be/],
      [{ DATABASE_HOST: 'db', DATABASE_USER: 'stride', DATABASE_PORT: '0' }, /^DATABASE_PORT/],
      [
        { DATABASE_HOST: 'db', DATABASE_PASSWORD: 'x', MIGRATE_ON_START: 'false' },
        /^DATABASE_PASSWORD needs DATABASE_USER/,
      ],
    ])('refuses %o', (env, message) => {
      expect(problemsOf({ ...base, ...env })).toEqual([expect.stringMatching(message)]);
    });
  });

  describe('proxy and cookies', () => {
    it.each([
      [undefined, 0],
      ['false', 0],
      ['true', 1],
      ['1', 1],
      ['2', 2],
    ])('TRUST_PROXY=%s trusts %d hop(s), never every hop', (value, hops) => {
      const env: Record<string, string> = { JWT_SECRET: SECRET, STRIDE_DATA_DIR: '/tmp/x' };
      if (value !== undefined) env.TRUST_PROXY = value;
      expect(loadConfig(env).trustProxy).toBe(hops);
    });

    it('refuses TRUST_PROXY other than true, false or a number of hops up to 10', () => {
      expect(problemsOf({ JWT_SECRET: SECRET, TRUST_PROXY: 'all' })).toEqual([
        expect.stringMatching(/^TRUST_PROXY/),
      ]);
      expect(problemsOf({ JWT_SECRET: SECRET, TRUST_PROXY: '11' })).toEqual([
        expect.stringMatching(/^TRUST_PROXY/),
      ]);
    });

    it('reads COOKIE_SECURE=auto', () => {
      expect(
        loadConfig({ JWT_SECRET: SECRET, STRIDE_DATA_DIR: '/tmp/x', COOKIE_SECURE: 'AUTO' }).cookieSecure,
      ).toBe('auto');
      expect(
        loadConfig({ JWT_SECRET: SECRET, STRIDE_DATA_DIR: '/tmp/x', COOKIE_SECURE: 'false' }).cookieSecure,
      ).toBe(false);
    });
  });

  describe('values', () => {
    it.each([
      ['PORT', 'eighty', /^PORT/],
      ['PORT', '70000', /^PORT/],
      ['DATABASE_URL', 'mysql://h/db', /^DATABASE_URL/],
      ['JWT_SECRET', 'short', /^JWT_SECRET/],
      ['COOKIE_SECURE', 'maybe', /^COOKIE_SECURE/],
      ['LOG_LEVEL', 'loud', /^LOG_LEVEL/],
      ['NODE_ENV', 'staging', /^NODE_ENV/],
    ])('refuses %s=%s', (name, value, message) => {
      expect(problemsOf({ JWT_SECRET: SECRET, [name]: value })).toEqual([expect.stringMatching(message)]);
    });

    it('reads the documented defaults', () => {
      const c = loadConfig({ JWT_SECRET: SECRET, STRIDE_DATA_DIR: '/tmp/x' });
      expect(c).toMatchObject({
        nodeEnv: 'development',
        port: 3000,
        accessTokenTtlSeconds: 900,
        sessionIdleMinutes: 15,
        sessionAbsoluteHours: 12,
        loginMaxFailuresPerAccount: 10,
        loginMaxFailuresPerAddress: 100,
        loginWindowMinutes: 15,
        seedDemo: true,
        databaseUrl: undefined,
        dbPreparedStatements: true,
      });
      expect(loadConfig({ JWT_SECRET: SECRET, DB_PREPARED_STATEMENTS: 'false' }).dbPreparedStatements).toBe(
        false,
      );
    });

    it('takes a read replica URL without credentials, and a read pool size', () => {
      const c = loadConfig({ JWT_SECRET: SECRET, DATABASE_READ_URL: 'postgres://replica:5433/stride' });
      expect(c).toMatchObject({ databaseReadUrl: 'postgres://replica:5433/stride', dbReadPoolSize: 3 });
      expect(loadConfig({ JWT_SECRET: SECRET }).databaseReadUrl).toBeUndefined();
      expect(problemsOf({ JWT_SECRET: SECRET, DATABASE_READ_URL: 'mysql://replica/stride' })).toEqual([
        expect.stringMatching(/^DATABASE_READ_URL must be a postgres:\/\/host:port\/database URL/),
      ]);
      expect(
        problemsOf({ JWT_SECRET: SECRET, DATABASE_READ_URL: 'postgres://stride_app:pw@bouncer/read' }),
      ).toEqual([]);
      expect(problemsOf({ JWT_SECRET: SECRET, DATABASE_READ_URL: 'postgres://' })).toEqual([
        expect.stringMatching(/^DATABASE_READ_URL must be a postgres:/),
      ]);
      expect(problemsOf({ JWT_SECRET: SECRET, DB_READ_POOL_SIZE: '0' })).toEqual([
        expect.stringMatching(/^DB_READ_POOL_SIZE must be a whole number from 1 to 100/),
      ]);
    });
  });
});
