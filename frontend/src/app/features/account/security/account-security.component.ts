import { Clipboard } from '@angular/cdk/clipboard';
import { HttpErrorResponse } from '@angular/common/http';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { finalize } from 'rxjs';

import type { MfaSetupView as MfaSetupResponse } from '@stride/api';
import { AccountApi } from '../../../core/api/account.api';
import { AuthService } from '../../../core/auth/auth.service';
import { MfaPolicy } from '../../../core/auth/mfa-policy.service';
import { IconComponent } from '../../../shared/icon.component';
import { applyFieldErrors, generalErrorMessage, serverError, toProblem } from '../../../shared/problem';
import { groupSecret, otpauthAccount } from './mfa-format';
import { TurnOffMfaDialogComponent } from './turn-off-dialog.component';
import { normalizeCode, sixDigits } from '../../../shared/totp-code';

export const ENABLED_NOTICE =
  'Two-step sign-in is on. From your next sign-in, Stride asks for a code from your authenticator app after your password.';
export const DISABLED_NOTICE = 'Two-step sign-in is off. Signing in needs only your password.';
export const COPIED = 'Key copied.';
export const COPY_FAILED = 'The key could not be copied here: select it and copy it, or type it in the app.';

type Busy = 'setup' | 'enable' | 'disable';

function isConflict(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 409;
}

/**
 * `/account/security`, for every signed-in user: two-step sign-in (TOTP) on or off. Setting it up
 * shows a new key — as an `otpauth://` link the authenticator app on the same device opens, and
 * as text to type into an app elsewhere (no QR code) — and a code from the app confirms it.
 */
@Component({
  selector: 'stride-account-security',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatButtonModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  templateUrl: './account-security.component.html',
  styleUrl: './account-security.component.scss',
})
export class AccountSecurityComponent {
  private readonly api = inject(AccountApi);
  private readonly auth = inject(AuthService);
  private readonly policy = inject(MfaPolicy);
  private readonly dialog = inject(MatDialog);
  private readonly clipboard = inject(Clipboard);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly user = this.auth.user;
  protected readonly enabled = computed(() => this.auth.user()?.mfaEnabled ?? false);
  protected readonly isAdmin = computed(() => this.auth.user()?.roles.includes('admin') ?? false);
  protected readonly requiredForAdmins = this.policy.requiredForAdmins;
  protected readonly lockedOut = this.policy.adminLockedOut;

  /** The key being set up, until a code confirms it or the user cancels. */
  protected readonly setup = signal<MfaSetupResponse | null>(null);
  protected readonly groupedSecret = computed(() => groupSecret(this.setup()?.secret ?? ''));
  protected readonly setupAccount = computed(() => {
    const setup = this.setup();
    return setup ? (otpauthAccount(setup.otpauthUrl) ?? this.user()?.email ?? '') : '';
  });
  protected readonly busy = signal<Busy | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly copyStatus = signal<string | null>(null);

  protected readonly codeForm = new FormGroup({
    code: new FormControl('', { nonNullable: true, validators: [Validators.required, sixDigits] }),
  });
  protected readonly serverError = serverError;

  constructor() {
    // The session may be older than a change made elsewhere (another tab, an admin).
    this.policy.refresh();
  }

  protected startSetup(): void {
    if (this.busy()) {
      return;
    }
    this.clearMessages();
    this.busy.set('setup');
    this.api
      .setupMfa()
      .pipe(finalize(() => this.busy.set(null)))
      .subscribe({
        next: (setup) => {
          this.codeForm.reset();
          this.setup.set(setup);
          this.focusAfterRender('#setup-title');
        },
        error: (error: unknown) => this.failed(error),
      });
  }

  protected cancelSetup(): void {
    this.setup.set(null);
    this.clearMessages();
    this.focusAfterRender('#set-up');
  }

  protected copySecret(): void {
    const secret = this.setup()?.secret;
    if (secret) {
      this.copyStatus.set(this.clipboard.copy(secret) ? COPIED : COPY_FAILED);
    }
  }

  protected enable(): void {
    if (!this.setup() || this.busy()) {
      return;
    }
    if (this.codeForm.invalid) {
      this.codeForm.markAllAsTouched();
      this.focus('[formcontrolname="code"]');
      return;
    }
    this.clearMessages();
    this.busy.set('enable');
    this.api
      .enableMfa(normalizeCode(this.codeForm.controls.code.value))
      .pipe(finalize(() => this.busy.set(null)))
      .subscribe({
        next: (user) => {
          this.auth.updateUser(user);
          this.setup.set(null);
          this.notice.set(ENABLED_NOTICE);
          this.focusAfterRender('#mfa-state');
        },
        error: (error: unknown) => {
          const problem = toProblem(error);
          if (applyFieldErrors(this.codeForm, problem).length === 0 && problem?.errors?.length) {
            this.focus('[formcontrolname="code"]');
            return;
          }
          // 409: already on, or the set-up is gone (started again elsewhere): show where things are.
          if (isConflict(error)) {
            this.setup.set(null);
          }
          this.failed(error);
        },
      });
  }

  protected turnOff(): void {
    if (this.busy()) {
      return;
    }
    this.dialog
      .open<TurnOffMfaDialogComponent, void, boolean>(TurnOffMfaDialogComponent, {
        width: '520px',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .subscribe((confirmed) => {
        if (confirmed) {
          this.disable();
        }
      });
  }

  private disable(): void {
    this.clearMessages();
    this.busy.set('disable');
    this.api
      .disableMfa()
      .pipe(finalize(() => this.busy.set(null)))
      .subscribe({
        next: () => {
          const user = this.auth.user();
          if (user) {
            this.auth.updateUser({ ...user, mfaEnabled: false });
          }
          this.notice.set(DISABLED_NOTICE);
          this.focusAfterRender('#mfa-state');
        },
        // 409 when the clinic requires it of admins: the API's own sentence says so.
        error: (error: unknown) => this.failed(error),
      });
  }

  private failed(error: unknown): void {
    this.error.set(generalErrorMessage(error));
    if (isConflict(error)) {
      this.policy.refresh();
    }
  }

  private clearMessages(): void {
    this.notice.set(null);
    this.error.set(null);
    this.copyStatus.set(null);
  }

  private focus(selector: string): void {
    this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus();
  }

  /** Moves focus into content just shown (the old focus target has gone), once it is on the page. */
  private focusAfterRender(selector: string): void {
    afterNextRender(() => this.focus(selector), { injector: this.injector });
  }
}
