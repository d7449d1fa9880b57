import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source.js';
import { DatabaseHangWatchdog } from './hang-watchdog.js';
import { ReadReplica } from './read-replica.js';
import { TenantDb } from './tenant-transaction.js';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(url, {
            poolSize: config.dbPoolSize,
            statementTimeoutMs: config.dbStatementTimeoutMs,
            preparedStatements: config.dbPreparedStatements,
          }),
          retryAttempts: 0,
        }),
      ],
      providers: [
        TenantDb,
        DatabaseHangWatchdog,
        {
          provide: ReadReplica,
          useFactory: () =>
            new ReadReplica({
              readUrl: config.databaseReadUrl,
              appUrl: url,
              poolSize: config.dbReadPoolSize,
              statementTimeoutMs: config.dbStatementTimeoutMs,
              preparedStatements: config.dbPreparedStatements,
            }),
        },
      ],
      exports: [TenantDb, DatabaseHangWatchdog, ReadReplica],
    };
  }
}
