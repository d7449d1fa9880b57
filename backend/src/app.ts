import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import {
  answerClientErrors,
  bodyParsing,
  consoleStatic,
  requestContextMiddleware,
  responseCompression,
  securityHeaders,
} from './common/http.js';
import { loadShedding } from './database/load-shedding.js';
import { JsonLogger, setLogLevel } from './common/logger.js';
import { ProblemFilter } from './common/problem.filter.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/config.js';
import { createOpenApiDocument } from './openapi-document.js';

export const API_PREFIX = 'api/v1';

/** Builds the whole HTTP app; main.ts and the integration tests both use it. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  setLogLevel(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger: config.logLevel === 'silent' ? false : new JsonLogger(),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('etag', false); // ETags here are resource versions, set by the routes
  // A number of hops (never `true`, which trusts every hop and so a forged leftmost address).
  app.set('trust proxy', config.trustProxy > 0 ? config.trustProxy : false);
  answerClientErrors(app.getHttpServer());
  app.use(requestContextMiddleware);
  app.use(securityHeaders(config));
  app.use(responseCompression());
  app.use(loadShedding(app, config));
  for (const mw of bodyParsing(config)) app.use(mw);
  for (const mw of consoleStatic(config.consoleDir)) app.use(mw);

  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
