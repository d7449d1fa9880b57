import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { extname, join, resolve, sep } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { AppConfig } from '../config/config.js';
import { clientAddress } from './client.js';
import { logger } from './logger.js';
import { sendProblem } from './problem-response.js';
import { requestContext } from './request-context.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Opens the request's context (request id, client) and writes one JSON access-log line. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  const ua = req.headers['user-agent'];
  const ctx = {
    requestId,
    ip: clientAddress(req),
    userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null,
  };
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    requestContext.run(ctx, () =>
      logger.info('request', {
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      }),
    );
  });
  requestContext.run(ctx, next);
}

/**
 * The policy for everything the API answers. API answers and hashed assets never need inline
 * styles; the console's index.html gets `consoleCsp` below instead, with a nonce of its own.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The one inline style attribute the console sets: ngx-charts' `TooltipArea` template has a static
 * `style="opacity: 0; cursor: 'auto';"` on its hover rect, which Angular writes with
 * `setAttribute('style', …)` exactly as below. Allowed by hash ('unsafe-hashes' only permits
 * attribute values with a listed hash), so no other style attribute can be injected. If an
 * ngx-charts update changes it, the browser tests' CSP guard (frontend/e2e/support.ts) fails.
 */
export const CONSOLE_STYLE_ATTRIBUTES = ["opacity: 0; cursor: 'auto';"];

/** What `src/index.html` of the console carries where each response puts its nonce. */
export const CSP_NONCE_PLACEHOLDER = '__STRIDE_CSP_NONCE__';

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const nonceSource = (_req: IncomingMessage, res: ServerResponse) =>
  `'nonce-${(res as Response).locals.cspNonce as string}'`;

/**
 * The console's policy: scripts only from its own files; `<style>` elements only from its own
 * stylesheet or carrying this response's nonce (Angular, Material, CDK and ngx-charts insert
 * their component styles with the nonce they read from `ngCspNonce`); style attributes only the
 * hashed ones. `style-src` repeats the element rule for browsers without the CSP3 split.
 */
const consoleCsp = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    ...CSP_DIRECTIVES,
    styleSrc: ["'self'", nonceSource],
    styleSrcElem: ["'self'", nonceSource],
    styleSrcAttr: ["'unsafe-hashes'", ...CONSOLE_STYLE_ATTRIBUTES.map(cspHash)],
  },
});

export function securityHeaders(config: AppConfig) {
  const strict = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    hsts: config.nodeEnv === 'production',
  });
  // Swagger UI runs an inline bootstrap script and inline styles.
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...CSP_DIRECTIVES,
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    hsts: config.nodeEnv === 'production',
  });
  return (req: Request, res: Response, next: NextFunction) =>
    (req.path.startsWith('/api/docs') ? docs : strict)(req, res, next);
}

const MAX_BODY_DEPTH = 32;

/** Whether the request carries a body at all (RFC 9112 section 6: a length or a transfer coding). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Whether a parsed JSON value nests objects or arrays more than `max` levels (iteratively). */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The path of the refresh cookie: the browser sends it to the auth routes and nowhere else. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** JSON bodies up to the configured size; parse failures become problem+json, not HTML. */
export function bodyParsing(config: AppConfig) {
  const cookies = cookieParser();
  return [
    // The refresh cookie is the only cookie read, and only under its path; parsing the Cookie
    // header of every other request cost about 1% of a read's CPU (throughput.bench.ts).
    (req: Request, res: Response, next: NextFunction) =>
      req.url.startsWith(`${REFRESH_COOKIE_PATH}/`) ? cookies(req, res, next) : next(),
    express.json({
      limit: config.bodyLimitBytes,
      strict: true,
      type: ['application/json', 'application/*+json'],
    }),
    // Nothing the API accepts nests deeper than a few levels; refusing deep bodies here keeps
    // every recursive step after it (validation, canonical hashing) far from the stack's end.
    (req: Request, _res: Response, next: NextFunction) => {
      if (req.body === undefined && hasBody(req)) {
        const ctx = requestContext.current();
        if (ctx) ctx.unreadBodyType = req.headers['content-type'] ?? '';
      }
      next(
        jsonDepthExceeds(req.body, MAX_BODY_DEPTH)
          ? Object.assign(new Error('too deep'), { type: 'body.too.deep' })
          : undefined,
      );
    },
    (err: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (!err) return next();
      sendProblem(res, err);
    },
    (req: Request, res: Response, next: NextFunction) => {
      if (req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
      next();
    },
  ];
}

/**
 * Answers a client may not get compressed: those carrying secrets next to text an attacker can
 * choose (BREACH) — sign-in, tokens, MFA secrets and recovery codes, patient-link tokens and the
 * patient's own pages (SPEC §14).
 */
const UNCOMPRESSED_PATHS = [
  /^\/api\/v1\/auth(\/|$)/,
  /^\/api\/v1\/me\/mfa(\/|$)/,
  /^\/api\/v1\/patient(\/|$)/,
  /^\/api\/v1\/episodes\/[^/]+\/patient-links(\/|$)/,
];

/** Smallest answer worth compressing (SPEC §14: over 1 KiB). */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * Compresses answers over 1 KiB with br or gzip, as the client's Accept-Encoding prefers
 * (`compression` 1.8: brotli at quality 4, gzip at level 6, `Vary: Accept-Encoding`), except the
 * paths above and event streams. Files precompressed at build time (see consoleStatic) already
 * carry a Content-Encoding and are passed through.
 */
export function responseCompression() {
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    filter: (req: Request, res: Response) => {
      const path = req.originalUrl.split('?')[0];
      if (UNCOMPRESSED_PATHS.some((re) => re.test(path))) return false;
      if (String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream')) return false;
      return compression.filter(req, res);
    },
  });
}

/** `/api` and everything under it belong to the API (and its docs), never to the console. */
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/**
 * br or gzip, whichever `Accept-Encoding` weighs higher (br on a tie, as `compression` does), or
 * undefined when the client takes neither.
 */
export function preferredEncoding(header: string | string[] | undefined): 'br' | 'gzip' | undefined {
  const weights = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  const br = weight('br');
  const gzip = weight('gzip');
  if (!(br > 0) && !(gzip > 0)) return undefined;
  return br >= gzip ? 'br' : 'gzip';
}

/** The console's files that the build precompresses (frontend/tools/precompress.mjs). */
const PRECOMPRESSED_TYPES = /\.(js|mjs|css|svg|json|txt|map|webmanifest|xml)$/;

/**
 * Serves the built console on the API's origin: hashed assets cached for a year, and
 * index.html for every other GET outside /api so that deep links reach the Angular router.
 * Each index.html answer gets a fresh CSP nonce, both in its header and in the page (the
 * placeholder in `ngCspNonce`), and is never reused from a cache without asking again.
 */
export function consoleStatic(dir: string | undefined) {
  if (!dir || !existsSync(join(dir, 'index.html'))) return [];
  const index = join(dir, 'index.html');
  if (!readFileSync(index, 'utf8').includes(CSP_NONCE_PLACEHOLDER)) {
    logger.warn('the console index.html has no CSP nonce placeholder: its styles will be blocked', {
      index,
      placeholder: CSP_NONCE_PLACEHOLDER,
    });
  }
  const sendIndex = (req: Request, res: Response, next: NextFunction) => {
    // Read on every answer: a rebuilt console is served without restarting the API.
    readFile(index, 'utf8').then((html) => {
      const nonce = randomBytes(16).toString('base64');
      res.locals.cspNonce = nonce;
      consoleCsp(req, res, (err?: Error) => {
        if (err) return next(err);
        res.setHeader('Cache-Control', 'no-cache');
        res.type('html').send(html.split(CSP_NONCE_PLACEHOLDER).join(nonce));
      });
    }, next);
  };
  // Angular names its bundles `main-Z7XCFDN7.js`, `chunk-….js`, `styles-….css`.
  const cacheControl = (path: string) =>
    /[.-][0-9A-Z]{8,}\.(js|css|woff2?)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
  const files = express.static(dir, {
    index: false,
    setHeaders: (res, path) => res.setHeader('Cache-Control', cacheControl(path)),
  });
  const root = resolve(dir);
  // The build writes `<file>.br` and `<file>.gz` beside each text file over 1 KiB
  // (frontend/tools/precompress.mjs): sent as they are to clients that accept them.
  const precompressed = (req: Request, res: Response, next: NextFunction) => {
    if (!PRECOMPRESSED_TYPES.test(req.path)) return next();
    res.vary('Accept-Encoding');
    const encoding = preferredEncoding(req.headers['accept-encoding']);
    if (!encoding) return next();
    let file: string;
    try {
      file = resolve(root, `.${decodeURIComponent(req.path)}`);
    } catch {
      return next();
    }
    if (!file.startsWith(root + sep) || file.includes('\0')) return next();
    const compressed = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
    if (!existsSync(compressed)) return next();
    res.setHeader('Content-Encoding', encoding);
    res.type(extname(file));
    res.sendFile(
      compressed,
      { cacheControl: false, headers: { 'Cache-Control': cacheControl(file) } },
      (err) => {
        if (err && !res.headersSent) {
          res.removeHeader('Content-Encoding');
          files(req, res, next);
        }
      },
    );
  };
  return [
    (req: Request, res: Response, next: NextFunction) => {
      // API paths never look at the disk (one stat per API request otherwise).
      if (isApiPath(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
      if (req.path === '/index.html') return sendIndex(req, res, next);
      precompressed(req, res, () => files(req, res, next));
    },
    (req: Request, res: Response, next: NextFunction) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
      if (!req.accepts('html')) return next();
      sendIndex(req, res, next);
    },
  ];
}

/**
 * Requests Node's HTTP parser refuses before any middleware runs (headers over 16 KB, bytes that
 * are not HTTP/1.1, a request that did not arrive in time) get a problem+json answer too, in
 * place of Node's bare status line; the connection is then closed.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A response already under way on this connection (Node's own handler checks the same
    // internal field) must not get a second status line in its middle.
    const busy = (socket as Duplex & { _httpMessage?: unknown })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || busy) {
      socket.destroy();
      return;
    }
    const [status, reason, type, detail] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'payload-too-large', 'The request headers exceed 16 KB.']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'validation', 'The request did not arrive in time.']
          : [400, 'Bad Request', 'validation', 'The request is not valid HTTP/1.1.'];
    const problem: Record<string, unknown> = { type: `/problems/${type}`, title: reason, status, detail };
    if (status === 400) problem.errors = [{ field: 'request', message: detail }];
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\n` +
        `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
