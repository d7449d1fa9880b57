import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { FieldErrorView, finishDocument, ProblemView, ValidationProblemView } from './common/openapi.js';
import { loadConfig } from './config/config.js';

/**
 * The API's OpenAPI document, as `/api/docs-json` serves it and `npm run openapi` commits it
 * (backend/openapi.json). It is built from the controllers and DTOs only: no database.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Stride API')
    .setDescription(
      'EMR-lite for physical-therapy clinics. Errors are application/problem+json (RFC 9457); ' +
        'lists answer {items, total, page, pageSize}; single resources carry ETag: "<version>", ' +
        'PATCH needs If-Match; an authenticated POST may carry an Idempotency-Key.',
    )
    .setVersion('1')
    .setLicense('AGPL-3.0-only', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer('/', 'This server')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemView, ValidationProblemView, FieldErrorView],
    operationIdFactory: (controllerKey: string, methodKey: string) =>
      `${controllerKey.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${methodKey}`,
  });
  return finishDocument(document);
}

/** The document as committed: two-space JSON and a final newline. */
export function serializeOpenApi(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * The document without a database: the app is created in preview mode (no provider is
 * instantiated, so nothing connects; the URL names the discard port of loopback, so a
 * connection would fail loudly rather than reach a server).
 */
export async function documentWithoutDatabase(globalPrefix: string): Promise<OpenAPIObject> {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'openapi-only-secret-that-is-long-enough-0123',
    CONSOLE_DIR: 'none',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create(AppModule.forRoot(config, 'postgres://nobody@127.0.0.1:9/none'), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    app.setGlobalPrefix(globalPrefix);
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
