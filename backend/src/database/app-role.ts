import type { AppConfig } from '../config/config.js';
import { standaloneClient } from './database-url.js';
import { APP_ROLE } from './app-role-name.js';

export { APP_ROLE };

/** `url` with another user and password. */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

async function canConnect(url: string): Promise<boolean> {
  const client = standaloneClient(url, { connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return true;
  } catch (err) {
    const code = (err as { code?: string }).code;
    // 28P01 wrong password, 28000 role may not log in (or no pg_hba entry).
    if (code === '28P01' || code === '28000') return false;
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The URL the API connects with. DATABASE_APP_URL when given (the operator manages that
 * role); otherwise the migrations' `stride_app` role on the owner's server, which the owner
 * lets log in with `databaseAppPassword` when it cannot yet. Run after the migrations, which
 * create the role and grant it what it needs.
 */
export async function appDatabaseUrl(ownerUrl: string, config: AppConfig): Promise<string> {
  if (config.databaseAppUrl) return config.databaseAppUrl;
  const url = withCredentials(ownerUrl, APP_ROLE, config.databaseAppPassword);
  if (await canConnect(url)) return url;
  const owner = standaloneClient(ownerUrl);
  await owner.connect();
  try {
    await owner.query(
      `ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD ${owner.escapeLiteral(config.databaseAppPassword)}`,
    );
  } finally {
    await owner.end();
  }
  return url;
}

export interface RoleCheck {
  user: string;
  superuser: boolean;
  bypassRls: boolean;
  ownsTables: number;
}

/** What the connected role could do around row-level security. */
export async function inspectRole(query: (sql: string) => Promise<unknown[]>): Promise<RoleCheck> {
  const [row] = (await query(
    `SELECT current_user AS user, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
            (SELECT count(*)::int FROM pg_class c
               WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p')
                 AND c.relnamespace = 'public'::regnamespace) AS owns
       FROM pg_roles r WHERE r.rolname = current_user`,
  )) as { user: string; superuser: boolean; bypass: boolean; owns: number }[];
  return { user: row.user, superuser: row.superuser, bypassRls: row.bypass, ownsTables: row.owns };
}
