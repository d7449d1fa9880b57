import { computed, inject, Injectable, signal } from '@angular/core';
import type { PatientView } from '@stride/api';

import { AuthService } from '../../core/auth/auth.service';

export const MAX_RECENT_PATIENTS = 5;

export type RecentPatient = Pick<PatientView, 'id' | 'firstName' | 'lastName' | 'mrn'>;

interface State {
  userId: string | null;
  patients: readonly RecentPatient[];
}

/**
 * The last charts opened in this tab, newest first, one click away. Memory only: clinic computers
 * are shared, so patient names are never written to storage, and the list belongs to the user who
 * opened the charts: signed out, or with someone else signed in, it shows nothing.
 */
@Injectable({ providedIn: 'root' })
export class RecentPatientsService {
  private readonly auth = inject(AuthService);
  private readonly userId = computed(() => this.auth.user()?.id ?? null);
  private readonly state = signal<State>({ userId: null, patients: [] });

  readonly patients = computed<readonly RecentPatient[]>(() => {
    const { userId, patients } = this.state();
    return userId !== null && userId === this.userId() ? patients : [];
  });

  /** Puts a chart first; the same patient appears once; at most five are kept. */
  record(patient: RecentPatient): void {
    const { id, firstName, lastName, mrn } = patient;
    const others = this.patients().filter((p) => p.id !== id);
    this.state.set({
      userId: this.userId(),
      patients: [{ id, firstName, lastName, mrn }, ...others].slice(0, MAX_RECENT_PATIENTS),
    });
  }

  clear(): void {
    this.state.set({ userId: null, patients: [] });
  }
}
