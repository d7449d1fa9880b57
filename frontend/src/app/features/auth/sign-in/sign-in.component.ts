import { HttpErrorResponse } from '@angular/common/http';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { finalize } from 'rxjs';

import { AuthService, type SignInOutcome } from '../../../core/auth/auth.service';
import { safeReturnUrl } from '../../../core/auth/sign-in-redirect';
import {
  applyFieldErrors,
  generalErrorMessage,
  retryAfterSeconds,
  serverError,
  toProblem,
  tooManyAttemptsMessage,
} from '../../../shared/problem';
import { focusFirstInvalid } from '../../../shared/focus-first-invalid';
import { AuthCardComponent } from '../auth-card.component';
import { normalizeCode, sixDigits } from '../../../shared/totp-code';

export const BAD_CREDENTIALS = 'That email and password do not match an account.';
export const WRONG_CODE = 'That code is not right, or it has expired. Enter the code your app shows now.';
export const TOO_MANY_CODES =
  'That was the last try for this sign-in. For your security, enter your email and password again.';
export const CODE_STEP_EXPIRED =
  'More than 5 minutes passed since you entered your password. Enter your email and password again.';

/** How long the API accepts the token of a two-step sign-in, and how many wrong codes. */
export const MFA_TOKEN_LIFETIME_MS = 5 * 60 * 1000;
export const MFA_MAX_WRONG_CODES = 5;

const NOTICES: Record<string, string> = {
  idle: 'You were signed out after 15 minutes without activity.',
  expired: 'Your session has ended. Sign in again to continue.',
};

/** The second step of a two-step sign-in in progress. */
interface Challenge {
  mfaToken: string;
  /** When this browser received the token (its own clock, so skew does not matter). */
  receivedAt: number;
  wrongCodes: number;
}

/**
 * Sign-in: email and password, then — for an account with two-step sign-in — the 6-digit code
 * of the authenticator app (`POST /auth/mfa/verify` with the token the first step answered).
 */
@Component({
  selector: 'stride-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AuthCardComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './sign-in.component.html',
  styleUrls: ['../auth-form.scss', './sign-in.component.scss'],
})
export class SignInComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** Query parameters, bound by the router. */
  readonly returnUrl = input<string>();
  readonly reason = input<string>();

  protected readonly notice = computed(() => NOTICES[this.reason() ?? ''] ?? null);
  protected readonly error = signal<string | null>(null);
  protected readonly submitting = signal(false);
  /** The two-step sign-in in progress, or null on the email-and-password step. */
  protected readonly challenge = signal<Challenge | null>(null);
  /** The address the code step signs in, shown so the user knows which account it is. */
  protected readonly email = signal('');

  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  protected readonly codeForm = new FormGroup({
    code: new FormControl('', { nonNullable: true, validators: [Validators.required, sixDigits] }),
  });

  protected readonly serverError = serverError;

  protected submit(): void {
    if (this.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.form, this.host.nativeElement);
      return;
    }
    this.error.set(null);
    this.submitting.set(true);
    const { email, password } = this.form.getRawValue();
    this.auth
      .signIn({ email: email.trim(), password })
      .pipe(finalize(() => this.submitting.set(false)))
      .subscribe({
        next: (outcome) => this.passwordAccepted(outcome, email.trim()),
        error: (error: unknown) => this.passwordFailed(error),
      });
  }

  protected verify(): void {
    const challenge = this.challenge();
    if (!challenge || this.submitting()) {
      return;
    }
    if (this.codeForm.invalid) {
      this.codeForm.markAllAsTouched();
      focusFirstInvalid(this.codeForm, this.host.nativeElement);
      return;
    }
    this.error.set(null);
    this.submitting.set(true);
    const code = normalizeCode(this.codeForm.controls.code.value);
    this.auth
      .verifyMfa({ mfaToken: challenge.mfaToken, code })
      .pipe(finalize(() => this.submitting.set(false)))
      .subscribe({
        next: () => this.continue(),
        error: (error: unknown) => this.codeFailed(challenge, error),
      });
  }

  /** Leaves the code step for the email-and-password step, with an empty form. */
  protected useAnotherAccount(): void {
    this.backToPassword(null, { keepEmail: false });
  }

  private passwordAccepted(outcome: SignInOutcome, email: string): void {
    if (outcome.status === 'signed-in') {
      this.continue();
      return;
    }
    this.email.set(email);
    this.codeForm.reset();
    this.challenge.set({ mfaToken: outcome.mfaToken, receivedAt: Date.now(), wrongCodes: 0 });
    this.focusAfterRender('code');
  }

  private continue(): void {
    void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
  }

  private passwordFailed(error: unknown): void {
    if (error instanceof HttpErrorResponse && error.status === 401) {
      this.error.set(BAD_CREDENTIALS);
      return;
    }
    if (error instanceof HttpErrorResponse && error.status === 429) {
      this.error.set(tooManyAttemptsMessage(error));
      return;
    }
    this.showProblem(this.form, error);
  }

  private codeFailed(challenge: Challenge, error: unknown): void {
    const status = error instanceof HttpErrorResponse ? error.status : null;
    const tokenLeftMs = challenge.receivedAt + MFA_TOKEN_LIFETIME_MS - Date.now();
    if (status === 401) {
      // The API answers a wrong code and a dead token alike; the token's age and the number of
      // wrong codes tell them apart.
      const wrongCodes = challenge.wrongCodes + 1;
      if (tokenLeftMs <= 0) {
        this.backToPassword(CODE_STEP_EXPIRED, { keepEmail: true });
      } else if (wrongCodes >= MFA_MAX_WRONG_CODES) {
        this.backToPassword(TOO_MANY_CODES, { keepEmail: true });
      } else {
        const left = MFA_MAX_WRONG_CODES - wrongCodes;
        this.challenge.set({ ...challenge, wrongCodes });
        this.error.set(`${WRONG_CODE} ${left} ${left === 1 ? 'try' : 'tries'} left.`);
        // The code stays in view (a typo shows) and selected: typing the next one replaces it.
        this.focusAfterRender('code', { select: true });
      }
      return;
    }
    if (error instanceof HttpErrorResponse && status === 429) {
      const wait = retryAfterSeconds(error);
      if (wait !== null && wait * 1000 >= tokenLeftMs) {
        // By the time the wait is over, this sign-in will have expired.
        this.backToPassword(tooManyAttemptsMessage(error), { keepEmail: true });
      } else {
        this.error.set(tooManyAttemptsMessage(error));
      }
      return;
    }
    this.showProblem(this.codeForm, error);
  }

  private backToPassword(message: string | null, { keepEmail }: { keepEmail: boolean }): void {
    this.challenge.set(null);
    this.error.set(message);
    this.codeForm.reset();
    this.form.reset({ email: keepEmail ? this.email() : '', password: '' });
    this.focusAfterRender(keepEmail ? 'password' : 'email');
  }

  /** A 400's field messages beside their fields; any other answer as one sentence. */
  private showProblem(form: FormGroup, error: unknown): void {
    const problem = toProblem(error);
    const unmatched = applyFieldErrors(form, problem);
    if (problem?.errors?.length && unmatched.length === 0) {
      this.error.set('Check the highlighted fields.');
      focusFirstInvalid(form, this.host.nativeElement);
      return;
    }
    this.error.set(unmatched.length ? unmatched.map((e) => e.message).join(' ') : generalErrorMessage(error));
  }

  /** Moves focus to a field of the step on show, once it is on the page. */
  private focusAfterRender(name: string, { select = false } = {}): void {
    afterNextRender(
      () => {
        const field = this.host.nativeElement.querySelector<HTMLInputElement>(`[formcontrolname="${name}"]`);
        field?.focus();
        if (select) {
          field?.select();
        }
      },
      { injector: this.injector },
    );
  }
}
