import { Injectable } from '@nestjs/common';
import { hasAnyRole } from '../access/authenticated.decorator.js';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { ReadReplica } from '../database/read-replica.js';
import { TenantDb } from '../database/tenant-transaction.js';
import { dischargeSummaryPdf } from './discharge-summary-document.js';
import { instantIn } from './document-text.js';
import { DocumentsRepository } from './documents.repository.js';
import { visitPdf } from './visit-document.js';

/**
 * A document read and audited, to be rendered when it is sent: after the request's transaction
 * has committed, so no database connection waits while pdfkit works (see the controller).
 */
export interface PendingPdf {
  /** ASCII only: the MRN and a date, never the patient's name (see the controller). */
  fileName: string;
  render(): Promise<Buffer>;
}

/**
 * Printed documents (SPEC §9 "Documents"): the signed visit and the discharge summary.
 *
 * Each is read in one snapshot through `ReadReplica.read('document', …)` — the replica when
 * `DATABASE_READ_URL` is set, after waiting up to 2 s for it to reach the primary's position,
 * else the request's own transaction — and its audit event is written afterwards in the
 * request's transaction on the primary, so a refused or failed read leaves no success event.
 * Checks in the order of SPEC §6: 404 (missing or another clinic's), 403 (the caller holds no
 * role right now: an admin without the two-step sign-in the clinic requires may not take patient
 * data out of Stride), 409 (a draft; an episode not discharged).
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: DocumentsRepository,
    private readonly audit: AuditService,
    private readonly reads: ReadReplica,
  ) {}

  private assertMayRead(): void {
    if (!hasAnyRole(requestContext.principal(), ['admin', 'therapist'])) {
      throw new ForbiddenError('Reading documents needs the therapist or admin role.');
    }
  }

  async visit(id: string): Promise<PendingPdf> {
    const primary = this.db.manager;
    const doc = await this.reads.read('document', async () => {
      const visit = await this.repo.visit(id);
      if (!visit) throw new NotFoundError('visit');
      this.assertMayRead();
      if (visit.status !== 'signed') {
        throw new ConflictError('The visit is a draft: only a signed visit can be printed.');
      }
      const [addenda, facts] = await Promise.all([
        this.repo.addenda(id),
        this.repo.signedVisits(visit.episode_id),
      ]);
      return { visit, addenda, signedVisits: facts.visits };
    });
    await this.audit.record(primary, {
      action: 'visit.pdf',
      entityType: 'visit',
      entityId: id,
      detail: { patientId: doc.visit.patient_id, episodeId: doc.visit.episode_id },
    });
    const day = instantIn(doc.visit.visit_date, doc.visit.timezone).slice(0, 10);
    return { fileName: `visit-${doc.visit.mrn}-${day}.pdf`, render: () => visitPdf(doc) };
  }

  async dischargeSummary(episodeId: string): Promise<PendingPdf> {
    const primary = this.db.manager;
    const doc = await this.reads.read('document', async () => {
      const episode = await this.repo.episode(episodeId);
      if (!episode) throw new NotFoundError('episode');
      this.assertMayRead();
      if (episode.status !== 'discharged') {
        throw new ConflictError(
          episode.status === 'cancelled'
            ? 'The episode was cancelled: only a discharged episode has a discharge summary.'
            : 'The episode is not discharged yet: discharge it first.',
        );
      }
      const [facts, homeProgram] = await Promise.all([
        this.repo.signedVisits(episodeId),
        this.repo.homeProgram(episodeId),
      ]);
      return { episode, signedVisits: facts.visits, homeProgram };
    });
    await this.audit.record(primary, {
      action: 'episode.discharge_summary',
      entityType: 'episode',
      entityId: episodeId,
      detail: { patientId: doc.episode.patient_id },
    });
    return {
      fileName: `discharge-summary-${doc.episode.mrn}-${doc.episode.discharge_date}.pdf`,
      render: () => dischargeSummaryPdf(doc),
    };
  }
}
