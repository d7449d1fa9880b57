import { describe, expect, it } from '@jest/globals';
import {
  type Clock,
  isReadServerFault,
  READ_POLL_MS,
  READ_WAIT_MS,
  readUrlAsAppRole,
  waitUntil,
} from './read-replica.js';

/** A clock that only moves when slept on, recording each sleep. */
function fakeClock(): Clock & { sleeps: number[]; at: number } {
  const clock = {
    at: 0,
    sleeps: [] as number[],
    now: () => clock.at,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.at += ms;
    },
  };
  return clock;
}

describe(waitUntil.name, () => {
  it('answers at once, without sleeping, when the replica has already replayed', async () => {
    const clock = fakeClock();
    expect(await waitUntil(async () => true, READ_WAIT_MS, READ_POLL_MS, clock)).toBe(true);
    expect(clock.sleeps).toEqual([]);
  });

  it('polls every interval until the replica catches up', async () => {
    const clock = fakeClock();
    let checks = 0;
    const caught = await waitUntil(async () => ++checks === 4, READ_WAIT_MS, READ_POLL_MS, clock);
    expect(caught).toBe(true);
    expect(clock.sleeps).toEqual([50, 50, 50]);
  });

  it('gives up after the timeout, with a last look at the deadline', async () => {
    const clock = fakeClock();
    const seenAt: number[] = [];
    const caught = await waitUntil(
      async () => {
        seenAt.push(clock.now());
        return false;
      },
      120,
      50,
      clock,
    );
    expect(caught).toBe(false);
    expect(clock.sleeps).toEqual([50, 50, 20]);
    expect(seenAt).toEqual([0, 50, 100, 120]);
    expect(clock.at).toBe(120);
  });

  it('counts the time a slow check takes against the timeout', async () => {
    const clock = fakeClock();
    const caught = await waitUntil(
      async () => {
        clock.at += 900;
        return false;
      },
      READ_WAIT_MS,
      READ_POLL_MS,
      clock,
    );
    expect(caught).toBe(false);
    expect(clock.at).toBeLessThanOrEqual(READ_WAIT_MS + 900);
    expect(clock.sleeps).toEqual([50, 50]);
  });
});

describe(readUrlAsAppRole.name, () => {
  it("takes the replica's server and database and the API role's credentials", () => {
    expect(
      readUrlAsAppRole(
        'postgres://replica.internal:5433/stride?sslmode=require',
        'postgres://stride_app:s3cr%40t@primary:5432/stride',
      ),
    ).toBe('postgres://stride_app:s3cr%40t@replica.internal:5433/stride?sslmode=require');
  });

  it('keeps a URL that names the API role, and refuses any other role', () => {
    const app = 'postgres://stride_app:one@primary:5432/stride';
    expect(readUrlAsAppRole('postgres://stride_app:two@bouncer:6432/stride_read', app)).toBe(
      'postgres://stride_app:two@bouncer:6432/stride_read',
    );
    expect(() => readUrlAsAppRole('postgres://postgres:x@replica/stride', app)).toThrow(
      "DATABASE_READ_URL must log in as the API's role stride_app, not postgres",
    );
  });
});

describe(isReadServerFault.name, () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it('takes connection failures and recovery conflicts for the read server’s fault', () => {
    expect(isReadServerFault(withCode('ECONNREFUSED'))).toBe(true);
    expect(isReadServerFault(withCode('57P01'))).toBe(true);
    expect(isReadServerFault(withCode('08006'))).toBe(true);
    expect(isReadServerFault(withCode('40001', 'canceling statement due to conflict with recovery'))).toBe(
      true,
    );
    expect(isReadServerFault(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isReadServerFault(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('leaves every other error to the request', () => {
    expect(isReadServerFault(withCode('42P01', 'relation does not exist'))).toBe(false);
    expect(isReadServerFault(withCode('57014', 'canceling statement due to statement timeout'))).toBe(false);
    expect(isReadServerFault(new Error('from must not be after to'))).toBe(false);
    expect(isReadServerFault('not an error')).toBe(false);
  });
});
