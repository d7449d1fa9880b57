import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  // Larger integers are not exact as numbers, and their offset overflows the database's bigint.
  @Max(Number.MAX_SAFE_INTEGER)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageWindow(q: PageQuery): { page: number; pageSize: number; offset: number } {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 25;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/**
 * The total of a list read with a `count(*) OVER () AS total` column. A page past the end has
 * no rows to carry it, so then (and only then) the matches are counted on their own.
 */
export async function windowTotal(
  rows: readonly { total: string | number }[],
  offset: number,
  count: () => Promise<number>,
): Promise<number> {
  if (rows.length > 0) return Number(rows[0].total);
  return offset > 0 ? count() : 0;
}

/** `SELECT count(*)` for `windowTotal`. */
export async function countRows(
  manager: { query(sql: string, params?: unknown[]): Promise<unknown> },
  from: string,
  where: string,
  params: unknown[],
): Promise<number> {
  const rows = (await manager.query(`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`, params)) as {
    n: number;
  }[];
  return rows[0].n;
}
