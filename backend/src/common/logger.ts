import type { LoggerService } from '@nestjs/common';
import { requestContext } from './request-context.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

let threshold = ORDER.info;

export function setLogLevel(level: Level | 'silent'): void {
  threshold = ORDER[level];
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < threshold) return;
  const ctx = requestContext.current();
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    msg,
    ...(ctx ? { requestId: ctx.requestId, userId: ctx.principal?.userId } : {}),
    ...fields,
  });
  if (level === 'error' || level === 'warn') {
    process.stderr.write(`${line}\n`);
    return;
  }
  pending += `${line}\n`;
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushLogs);
  }
}

/**
 * Lines for stdout (debug and info: the access log, one line a request) are written together
 * once per turn of the event loop rather than one write each: under load the API finishes many
 * requests per turn, and a write to a file or pipe is a blocking system call. Warnings and errors
 * are written at once, and whatever is pending is written before the process exits.
 */
let pending = '';
let flushScheduled = false;

export function flushLogs(): void {
  flushScheduled = false;
  if (pending === '') return;
  const out = pending;
  pending = '';
  process.stdout.write(out);
}
process.on('exit', flushLogs);

/** JSON lines on stdout/stderr, each with the request id when there is one. */
export const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};

/** Nest's start-up chatter (one line per module and route) is only interesting when debugging. */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** Nest's own messages, through the same JSON writer. */
export class JsonLogger implements LoggerService {
  log(message: unknown, context?: string): void {
    write(
      context && CHATTY_CONTEXTS.has(context) ? 'debug' : 'info',
      String(message),
      context ? { context } : undefined,
    );
  }
  error(message: unknown, trace?: string, context?: string): void {
    write('error', String(message), { ...(context ? { context } : {}), ...(trace ? { trace } : {}) });
  }
  warn(message: unknown, context?: string): void {
    write('warn', String(message), context ? { context } : undefined);
  }
  debug(message: unknown, context?: string): void {
    write('debug', String(message), context ? { context } : undefined);
  }
  verbose(message: unknown, context?: string): void {
    write('debug', String(message), context ? { context } : undefined);
  }
}
