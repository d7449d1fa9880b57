import { describe, expect, it } from '@jest/globals';
import {
  compareVisitOrder,
  inVisitOrder,
  type VisitOrderKey,
  visitNumber,
  visitsBefore,
} from './visit-order.js';

const v = (id: string, visitDate: string, createdAt = visitDate): VisitOrderKey => ({
  id,
  visitDate,
  createdAt,
});

describe(compareVisitOrder.name, () => {
  it('orders by date, then creation, then id', () => {
    const a = { id: 'b', visitDate: '2026-03-02T16:00:00Z', createdAt: '2026-03-02T10:00:00Z' };
    const b = { id: 'a', visitDate: '2026-03-02T16:00:00Z', createdAt: '2026-03-02T10:00:00Z' };
    const c = { id: 'c', visitDate: '2026-03-02T16:00:00Z', createdAt: '2026-03-02T09:00:00Z' };
    expect([a, b, c].sort(compareVisitOrder).map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });

  it.each<[string, VisitOrderKey, VisitOrderKey, -1 | 0 | 1]>([
    ['earlier visit date first', v('b', '2026-03-01T16:00:00Z'), v('a', '2026-03-02T16:00:00Z'), -1],
    [
      'compares instants, not strings',
      v('a', '2026-03-02T10:00:00-07:00'),
      v('b', '2026-03-02T16:00:00Z'),
      1,
    ],
    [
      'same date: earlier creation first',
      v('b', '2026-03-02T16:00:00Z', '2026-03-01T09:00:00Z'),
      v('a', '2026-03-02T16:00:00Z', '2026-03-01T10:00:00Z'),
      -1,
    ],
    [
      'same date and creation: the smaller id first',
      v('b', '2026-03-02T16:00:00Z', '2026-03-01T09:00:00Z'),
      v('a', '2026-03-02T16:00:00Z', '2026-03-01T09:00:00Z'),
      1,
    ],
    ['the same visit', v('a', '2026-03-02T16:00:00Z'), v('a', '2026-03-02T16:00:00Z'), 0],
  ])('%s', (_, a, b, sign) => {
    expect(Math.sign(compareVisitOrder(a, b))).toBe(sign);
    expect(Math.sign(compareVisitOrder(b, a))).toBe(-sign || 0);
  });
});

describe(inVisitOrder.name, () => {
  it('sorts a copy and leaves the input as it was', () => {
    const input = [
      v('c', '2026-03-09T16:00:00Z'),
      v('a', '2026-03-02T16:00:00Z'),
      v('b', '2026-03-05T16:00:00Z'),
    ];
    expect(inVisitOrder(input).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(input.map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('visitsBefore and visitNumber', () => {
  const first = v('v1', '2026-03-02T16:00:00.000Z');
  const second = v('v2', '2026-03-09T16:00:00.000Z');
  const draftBefore = v('v0', '2026-03-01T16:00:00.000Z');
  const current = v('current', '2026-03-16T16:00:00.000Z');

  it('lists the other visits before the current one, in visit order', () => {
    expect(visitsBefore([current, second, draftBefore, first], current).map((x) => x.id)).toEqual([
      'v0',
      'v1',
      'v2',
    ]);
    expect(visitsBefore([current], current)).toEqual([]);
  });

  it('numbers the visit among the episode’s visits, drafts included', () => {
    expect(visitNumber([first, second, draftBefore, current], current)).toBe(4);
    expect(visitNumber([first, second], { ...current, visitDate: '2026-03-05T16:00:00.000Z' })).toBe(2);
  });
});
