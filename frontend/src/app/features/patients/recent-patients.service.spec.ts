import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { aUser } from '../../../testing/fixtures';
import type { UserView as User } from '@stride/api';
import { AuthService } from '../../core/auth/auth.service';
import { MAX_RECENT_PATIENTS, type RecentPatient, RecentPatientsService } from './recent-patients.service';

function aPatient(n: number): RecentPatient & { email: string } {
  return {
    id: `p-${n}`,
    firstName: `First${n}`,
    lastName: `Last${n}`,
    mrn: `P-00000${n}`,
    email: `runner${n}@example.com`,
  };
}

describe(RecentPatientsService.name, () => {
  let user: ReturnType<typeof signal<User | null>>;
  let recent: RecentPatientsService;

  beforeEach(() => {
    user = signal<User | null>(aUser({ id: 'user-1' }));
    TestBed.configureTestingModule({ providers: [{ provide: AuthService, useValue: { user } }] });
    recent = TestBed.inject(RecentPatientsService);
  });

  const ids = () => recent.patients().map((p) => p.id);

  it('starts empty', () => {
    expect(recent.patients()).toEqual([]);
  });

  it('puts the chart opened last first', () => {
    recent.record(aPatient(1));
    recent.record(aPatient(2));
    expect(ids()).toEqual(['p-2', 'p-1']);
  });

  it('lists a patient once, moving them to the front when opened again', () => {
    recent.record(aPatient(1));
    recent.record(aPatient(2));
    recent.record(aPatient(1));
    expect(ids()).toEqual(['p-1', 'p-2']);
  });

  it(`keeps the last ${MAX_RECENT_PATIENTS}`, () => {
    for (let n = 1; n <= 7; n++) {
      recent.record(aPatient(n));
    }
    expect(ids()).toEqual(['p-7', 'p-6', 'p-5', 'p-4', 'p-3']);
  });

  it('keeps only what the list shows (id, name, MRN)', () => {
    recent.record(aPatient(1));
    expect(recent.patients()[0]).toEqual({
      id: 'p-1',
      firstName: 'First1',
      lastName: 'Last1',
      mrn: 'P-000001',
    });
  });

  it('shows nothing once signed out, and nothing of it to the next user', () => {
    recent.record(aPatient(1));
    user.set(null);
    expect(recent.patients()).toEqual([]);

    user.set(aUser({ id: 'user-2' }));
    expect(recent.patients()).toEqual([]);
    recent.record(aPatient(2));
    expect(ids()).toEqual(['p-2']);
  });

  it('writes nothing to web storage', () => {
    const setItem = jest.spyOn(Storage.prototype, 'setItem');
    recent.record(aPatient(1));
    expect(setItem).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });
});
