import { computed, inject, Injectable, signal } from '@angular/core';

import { AuthService } from '../../core/auth/auth.service';

interface Search {
  userId: string | null;
  q: string;
  page: number;
}

/**
 * The patient list's last search and page, so Back from a chart (or "Find a patient" on the home
 * page) lands on the same results. Kept in memory, not in the URL or storage: search terms are
 * patient names.
 */
@Injectable({ providedIn: 'root' })
export class PatientSearchState {
  private readonly auth = inject(AuthService);
  private readonly userId = computed(() => this.auth.user()?.id ?? null);
  private readonly search = signal<Search>({ userId: null, q: '', page: 1 });

  private readonly current = computed(() => {
    const search = this.search();
    return search.userId !== null && search.userId === this.userId() ? search : { q: '', page: 1 };
  });
  readonly q = computed(() => this.current().q);
  readonly page = computed(() => this.current().page);

  set(q: string, page = 1): void {
    this.search.set({ userId: this.userId(), q, page });
  }
}
