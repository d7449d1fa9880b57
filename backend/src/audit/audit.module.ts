import { Global, Module } from '@nestjs/common';
import { AuditEventsController } from './audit-events.controller.js';
import { AuditSealer } from './audit-chain.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({
  controllers: [AuditEventsController],
  providers: [AuditService, AuditSealer],
  exports: [AuditService],
})
export class AuditModule {}
