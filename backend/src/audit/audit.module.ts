import { Global, Module } from '@nestjs/common';
import { RefusedRequestRecorder } from '../access/tenant-request.interceptor.js';
import { AuditEventsController } from './audit-events.controller.js';
import { AuditSealer } from './audit-chain.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { RefusedRequestAudit } from './refused-requests.js';

@Global()
@Module({
  controllers: [AuditEventsController],
  providers: [
    AuditService,
    AuditSealer,
    AuditRepository,
    { provide: RefusedRequestRecorder, useClass: RefusedRequestAudit },
  ],
  exports: [AuditService, RefusedRequestRecorder],
})
export class AuditModule {}
