import { Injectable } from '@nestjs/common';
import { countRows, windowTotal } from '../common/pagination.js';
import { TenantRepository } from '../database/tenant-repository.js';
import {
  type IfMatch,
  versionedDelete,
  versionedUpdate,
  type VersionedUpdateSpec,
} from '../database/versioned-update.js';
import type { AddendumView, PrescriptionView } from './dto/visit.dto.js';
import type { VisitColumns } from './visit-normalize.js';
import { VISIT_COLUMNS, VISIT_ORDER, type VisitRow } from './visit-view.js';

/** A visit_addenda row as this repository reads it. */
interface AddendumRow {
  id: string;
  visit_id: string;
  text: string;
  author_id: string;
  created_at: Date;
}

/** A visit's weekly running distance, as the running-load flag reads it. */
export interface WeeklyDistance {
  id: string;
  km: number | null;
}

/**
 * The SQL of visits, their addenda and the home programme they prescribe. Every statement is
 * keyed by the caller's clinic, which this class adds itself; it runs in the request's tenant
 * transaction. The row type, column list, visit order and row → view mapping live in
 * visit-view.ts, which the throughput benchmark's raw baseline shares; the statements of
 * `GET/POST /episodes/:id/visits` are the very ones that baseline sends (keep their text).
 */
@Injectable()
export class VisitsRepository extends TenantRepository {
  /** The clinic's visit, or undefined; `lock` takes it FOR UPDATE. */
  async find(id: string, lock = false): Promise<VisitRow | undefined> {
    const rows = (await this.m.query(
      `SELECT ${VISIT_COLUMNS} FROM visits WHERE id = $1 AND clinic_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [id, this.clinicId],
    )) as VisitRow[];
    return rows[0];
  }

  /** A page of an episode's visits in visit order, with the episode's visit count. */
  async page(
    episodeId: string,
    w: { pageSize: number; offset: number },
  ): Promise<{ rows: VisitRow[]; total: number }> {
    const rows = (await this.m.query(
      `SELECT ${VISIT_COLUMNS}, count(*) OVER () AS total FROM visits
        WHERE episode_id = $1 AND clinic_id = $2 ORDER BY ${VISIT_ORDER} LIMIT $3 OFFSET $4`,
      [episodeId, this.clinicId, w.pageSize, w.offset],
    )) as (VisitRow & { total: string })[];
    const total = await windowTotal(rows, w.offset, () =>
      countRows(this.m, 'visits', 'episode_id = $1 AND clinic_id = $2', [episodeId, this.clinicId]),
    );
    return { rows, total };
  }

  /** The addenda of these visits, oldest first, by visit id (every id present; no query for none). */
  async addendaOf(visitIds: string[]): Promise<Map<string, AddendumView[]>> {
    const out = new Map<string, AddendumView[]>(visitIds.map((id) => [id, []]));
    if (visitIds.length === 0) return out;
    const rows = (await this.m.query(
      `SELECT id, visit_id, text, author_id, created_at FROM visit_addenda
        WHERE clinic_id = $1 AND visit_id = ANY($2::uuid[]) ORDER BY created_at, id`,
      [this.clinicId, visitIds],
    )) as AddendumRow[];
    for (const r of rows) {
      out
        .get(r.visit_id)
        ?.push({ id: r.id, text: r.text, authorId: r.author_id, createdAt: r.created_at.toISOString() });
    }
    return out;
  }

  /** Every visit of the episode in visit order, with its weekly running distance. */
  async weeklyDistances(episodeId: string): Promise<WeeklyDistance[]> {
    return (await this.m.query(
      `SELECT id, (running->>'weeklyDistanceKm')::float8 AS km FROM visits
        WHERE episode_id = $1 AND clinic_id = $2 ORDER BY ${VISIT_ORDER}`,
      [episodeId, this.clinicId],
    )) as WeeklyDistance[];
  }

  /** The prescription of the episode's latest signed visit that has one. */
  async latestPrescription(
    episodeId: string,
  ): Promise<{ visitId: string; items: PrescriptionView[] } | undefined> {
    const rows = (await this.m.query(
      `SELECT id, exercises FROM visits
        WHERE episode_id = $1 AND clinic_id = $2 AND status = 'signed' AND jsonb_array_length(exercises) > 0
        ORDER BY visit_date DESC, created_at DESC, id DESC LIMIT 1`,
      [episodeId, this.clinicId],
    )) as { id: string; exercises: PrescriptionView[] }[];
    return rows[0] ? { visitId: rows[0].id, items: rows[0].exercises } : undefined;
  }

  /** A new draft of the episode, by `therapistId`, with the normalised columns of its body. */
  async insert(
    v: { episodeId: string; patientId: string; therapistId: string },
    cols: VisitColumns,
  ): Promise<VisitRow> {
    const names = Object.keys(cols) as (keyof VisitColumns)[];
    const [row] = (await this.m.query(
      `INSERT INTO visits (clinic_id, episode_id, patient_id, therapist_id, ${names.join(', ')})
       VALUES ($1, $2, $3, $4, ${names.map((_, i) => `$${i + 5}`).join(', ')})
       RETURNING ${VISIT_COLUMNS}`,
      [this.clinicId, v.episodeId, v.patientId, v.therapistId, ...names.map((n) => cols[n])],
    )) as VisitRow[];
    return row;
  }

  /**
   * Writes the normalised columns of a draft at the version If-Match names (versionedUpdate);
   * on a miss, `explain` may name why from the visit as it is now.
   */
  update(
    id: string,
    cols: VisitColumns,
    ifMatch: IfMatch,
    reread: () => Promise<VisitRow>,
    explain: (now: VisitRow) => Error | undefined,
  ): Promise<VisitRow> {
    return this.writeDraft(id, { values: cols as Record<string, unknown> }, ifMatch, reread, explain);
  }

  /** Signs a draft as `userId`, at the version If-Match names. */
  sign(
    id: string,
    userId: string,
    ifMatch: IfMatch,
    reread: () => Promise<VisitRow>,
    explain: (now: VisitRow) => Error | undefined,
  ): Promise<VisitRow> {
    const change = { values: { signed_by: userId }, expressions: { status: "'signed'", signed_at: 'now()' } };
    return this.writeDraft(id, change, ifMatch, reread, explain);
  }

  /** One versioned write of a visit that must still be a draft. */
  private writeDraft(
    id: string,
    change: Pick<VersionedUpdateSpec, 'values' | 'expressions'>,
    ifMatch: IfMatch,
    reread: () => Promise<VisitRow>,
    explain: (now: VisitRow) => Error | undefined,
  ): Promise<VisitRow> {
    return versionedUpdate<VisitRow, VisitRow>(
      this.m,
      {
        table: 'visits',
        id,
        clinicId: this.clinicId,
        ifMatch,
        ...change,
        where: "status = 'draft'",
        returning: VISIT_COLUMNS,
      },
      reread,
      explain,
    );
  }

  /** Deletes a draft at the version If-Match names (versionedDelete). */
  async delete(
    id: string,
    ifMatch: IfMatch,
    reread: () => Promise<VisitRow>,
    explain: (now: VisitRow) => Error | undefined,
  ): Promise<void> {
    await versionedDelete<VisitRow>(
      this.m,
      { table: 'visits', id, clinicId: this.clinicId, ifMatch, where: "status = 'draft'" },
      reread,
      explain,
    );
  }

  /** Appends an addendum to a visit; its id. */
  async insertAddendum(visitId: string, text: string, authorId: string): Promise<string> {
    const [addendum] = (await this.m.query(
      `INSERT INTO visit_addenda (clinic_id, visit_id, text, author_id) VALUES ($1, $2, $3, $4) RETURNING id`,
      [this.clinicId, visitId, text, authorId],
    )) as { id: string }[];
    return addendum.id;
  }
}
