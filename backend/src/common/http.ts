import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
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

const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Angular and Angular Material put component styles in <style> elements.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function securityHeaders(config: AppConfig) {
  const strict = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    hsts: config.nodeEnv === 'production',
  });
  // Swagger UI runs an inline bootstrap script.
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...CSP_DIRECTIVES, scriptSrc: ["'self'", "'unsafe-inline'"] },
    },
    hsts: config.nodeEnv === 'production',
  });
  return (req: Request, res: Response, next: NextFunction) =>
    (req.path.startsWith('/api/docs') ? docs : strict)(req, res, next);
}

/** JSON bodies up to the configured size; parse failures become problem+json, not HTML. */
export function bodyParsing(config: AppConfig) {
  return [
    cookieParser(),
    express.json({
      limit: config.bodyLimitBytes,
      strict: true,
      type: ['application/json', 'application/*+json'],
    }),
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
 * Serves the built console on the API's origin: hashed assets cached for a year, and
 * index.html for every other GET outside /api so that deep links reach the Angular router.
 */
export function consoleStatic(dir: string | undefined) {
  if (!dir || !existsSync(join(dir, 'index.html'))) return [];
  const index = join(dir, 'index.html');
  return [
    express.static(dir, {
      index: false,
      setHeaders: (res, path) => {
        res.setHeader(
          'Cache-Control',
          /\.[0-9A-Z]{8,}\.(js|css|woff2?)$/i.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
    (req: Request, res: Response, next: NextFunction) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api')) return next();
      if (!req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    },
  ];
}
