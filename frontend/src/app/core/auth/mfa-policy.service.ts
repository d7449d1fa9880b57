import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import type { ClinicView } from '@stride/api';
import { forkJoin } from 'rxjs';

import { API_BASE } from '../api/api';
import { AccountApi } from './account-api.service';
import { AuthService } from './auth.service';

/**
 * The clinic's rule "require two-step sign-in for admins" against the signed-in user: while it is
 * on and an admin has not set two-step sign-in up, the API refuses them every admin-only route
 * (403) — they still work as a therapist. Read from `GET /clinic` and `GET /me`.
 */
@Injectable({ providedIn: 'root' })
export class MfaPolicy {
  private readonly http = inject(HttpClient);
  private readonly account = inject(AccountApi);
  private readonly auth = inject(AuthService);

  /** The clinic's `requireMfaForAdmins` as last read or saved; null before the first read. */
  readonly requiredForAdmins = signal<boolean | null>(null);

  /** An admin whom the rule currently locks out of the admin screens. */
  readonly adminLockedOut = computed(() => {
    const user = this.auth.user();
    return this.requiredForAdmins() === true && !!user && user.roles.includes('admin') && !user.mfaEnabled;
  });

  /** Reads the rule and the user again; a failed read leaves what was known. */
  refresh(): void {
    forkJoin([this.http.get<ClinicView>(`${API_BASE}/clinic`), this.account.me()]).subscribe({
      next: ([clinic, me]) => {
        this.requiredForAdmins.set(clinic.requireMfaForAdmins);
        this.auth.updateUser(me);
      },
      error: () => undefined,
    });
  }

  /** The clinic settings screen read or saved the clinic. */
  clinicSeen(clinic: Pick<ClinicView, 'requireMfaForAdmins'>): void {
    this.requiredForAdmins.set(clinic.requireMfaForAdmins);
  }
}
