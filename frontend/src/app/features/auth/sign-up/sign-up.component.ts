import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { Router, RouterLink } from '@angular/router';
import { finalize, map } from 'rxjs';

import type { DistanceUnit } from '@stride/api';
import { AuthService } from '../../../core/auth/auth.service';
import { applyFieldErrors, generalErrorMessage, serverError, toProblem } from '../../../shared/problem';
import { focusFirstInvalid } from '../../../shared/focus-first-invalid';
import { AuthCardComponent } from '../auth-card.component';

export const MIN_PASSWORD_LENGTH = 12;
export const EMAIL_TAKEN = 'An account with this email already exists.';

/** Regions whose runners mostly count miles; everyone else starts with kilometres. */
const MILE_REGIONS = new Set(['US', 'GB', 'LR', 'MM']);

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function timeZoneOptions(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...zones, 'UTC', current])].sort((a, b) => a.localeCompare(b));
}

export function defaultDistanceUnit(language: string): DistanceUnit {
  const region = language.split('-')[1]?.toUpperCase();
  return region && MILE_REGIONS.has(region) ? 'mi' : 'km';
}

@Component({
  selector: 'stride-sign-up',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AuthCardComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './sign-up.component.html',
  styleUrl: '../auth-form.scss',
})
export class SignUpComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly minPasswordLength = MIN_PASSWORD_LENGTH;
  protected readonly timeZones = timeZoneOptions(browserTimeZone());
  protected readonly error = signal<string | null>(null);
  protected readonly emailTaken = signal(false);
  protected readonly submitting = signal(false);

  protected readonly form = new FormGroup({
    clinicName: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    fullName: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    password: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)],
    }),
    timezone: new FormControl(browserTimeZone(), { nonNullable: true, validators: [Validators.required] }),
    distanceUnit: new FormControl<DistanceUnit>(defaultDistanceUnit(navigator.language), {
      nonNullable: true,
    }),
  });

  protected readonly passwordLength = toSignal(
    this.form.controls.password.valueChanges.pipe(map((value) => value.length)),
    { initialValue: 0 },
  );

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
    this.emailTaken.set(false);
    this.submitting.set(true);
    const value = this.form.getRawValue();
    this.auth
      .signUp({
        ...value,
        clinicName: value.clinicName.trim(),
        fullName: value.fullName.trim(),
        email: value.email.trim(),
      })
      .pipe(finalize(() => this.submitting.set(false)))
      .subscribe({
        next: () => void this.router.navigateByUrl('/'),
        error: (error: unknown) => this.failed(error),
      });
  }

  private failed(error: unknown): void {
    const problem = toProblem(error);
    if (error instanceof HttpErrorResponse && error.status === 409) {
      this.form.controls.email.setErrors({ server: EMAIL_TAKEN });
      this.form.controls.email.markAsTouched();
      this.emailTaken.set(true);
      this.focusFirstInvalid();
      return;
    }
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
