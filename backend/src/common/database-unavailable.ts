/**
 * The database cannot be reached right now, or dropped the connection: connection exceptions
 * (class 08), operator intervention such as a shutdown (class 57P), node-postgres' socket
 * errors, and a transaction whose connection TypeORM has already released. The API answers
 * such an error 503 (problem-response.ts); the read path tries the primary instead
 * (database/read-replica.ts). TypeORM may wrap the driver's error.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e.code ?? e.driverError?.code ?? '';
  if (/^(08|57P)/.test(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE'].includes(code))
    return true;
  // The connection broke between two statements of a transaction: TypeORM has released it and
  // refuses the next statement (or the COMMIT, which is then never sent: nothing is written).
  if (
    err.name === 'QueryRunnerProviderAlreadyReleasedError' ||
    err.name === 'QueryRunnerAlreadyReleasedError'
  ) {
    return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established/i.test(
    err.message,
  );
}
