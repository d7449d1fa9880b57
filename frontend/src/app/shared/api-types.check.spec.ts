import type { VisitView } from '@stride/api';

describe('API types from the backend DTOs', () => {
  it('type-checks a visit', () => {
    const v: Pick<VisitView, 'status' | 'flags'> = { status: 'draft', flags: [] };
    expect(v.status).toBe('draft');
  });
});
