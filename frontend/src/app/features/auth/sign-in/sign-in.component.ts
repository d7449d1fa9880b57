import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
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
  serverError,
  toProblem,
  tooManyAttemptsMessage,
} from '../../../shared/problem';
import { focusFirstInvalid } from '../../../shared/focus-first-invalid';
import { AuthCardComponent } from '../auth-card.component';

export const MFA_NOT_AVAILABLE =
  'This account uses multi-factor sign-in, and multi-factor sign-in is not available in this console yet.';
export const BAD_CREDENTIALS = 'That email and password do not match an account.';

const NOTICES: Record<string, string> = {
  idle: 'You were signed out after 15 minutes without activity.',
  expired: 'Your session has ended. Sign in again to continue.',
};

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
  styleUrl: '../auth-form.scss',
})
export class SignInComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  /** Query parameters, bound by the router. */
  readonly returnUrl = input<string>();
  readonly reason = input<string>();

  protected readonly notice = computed(() => NOTICES[this.reason() ?? ''] ?? null);
  protected readonly error = signal<string | null>(null);
  protected readonly submitting = signal(false);

  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  protected readonly serverError = serverError;

  protected submit(): void {
    if (this.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalid();
      return;
    }
    this.error.set(null);
    this.submitting.set(true);
    const { email, password } = this.form.getRawValue();
    this.auth
      .signIn({ email: email.trim(), password })
      .pipe(finalize(() => this.submitting.set(false)))
      .subscribe({
        next: (outcome) => this.signedIn(outcome),
        error: (error: unknown) => this.failed(error),
      });
  }

  private signedIn(outcome: SignInOutcome): void {
    if (outcome === 'mfa-required') {
      this.error.set(MFA_NOT_AVAILABLE);
      return;
    }
    void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
  }

  private failed(error: unknown): void {
    if (error instanceof HttpErrorResponse && error.status === 401) {
      this.error.set(BAD_CREDENTIALS);
      return;
    }
    if (error instanceof HttpErrorResponse && error.status === 429) {
      this.error.set(tooManyAttemptsMessage(error));
      return;
    }
    const problem = toProblem(error);
    const unmatched = applyFieldErrors(this.form, problem);
    if (problem?.errors?.length && unmatched.length === 0) {
      this.error.set('Check the highlighted fields.');
      this.focusFirstInvalid();
      return;
    }
    this.error.set(unmatched.length ? unmatched.map((e) => e.message).join(' ') : generalErrorMessage(error));
  }

  private focusFirstInvalid(): void {
    focusFirstInvalid(this.form, this.host.nativeElement);
  }
}
