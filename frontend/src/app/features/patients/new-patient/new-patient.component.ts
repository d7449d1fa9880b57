import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { Router, RouterLink } from '@angular/router';
import type { CreatePatientDto, Sex } from '@stride/api';
import { todayIn } from '@stride/clinical';
import { finalize } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { IconComponent } from '../../../shared/icon.component';
import { applyFieldErrors, generalErrorMessage, serverError, toProblem } from '../../../shared/problem';
import { SEX_LABELS } from '../patient-format';
import { PatientsApi } from '../../../core/api/patients.api';
import { RecentPatientsService } from '../recent-patients.service';

/** A new patient: all of `POST /patients`, then straight to the new chart. */
@Component({
  selector: 'stride-new-patient',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    IconComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './new-patient.component.html',
  styleUrls: ['./new-patient.component.scss', '../button-icon.scss'],
})
export class NewPatientComponent {
  private readonly api = inject(PatientsApi);
  private readonly router = inject(Router);
  private readonly recent = inject(RecentPatientsService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly auth = inject(AuthService);

  protected readonly sexes = Object.entries(SEX_LABELS) as [Sex, string][];
  protected readonly today = todayIn(this.auth.user()?.clinic.timezone ?? 'UTC');
  protected readonly error = signal<string | null>(null);
  protected readonly submitting = signal(false);
  protected readonly serverError = serverError;

  protected readonly form = new FormGroup({
    firstName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(100)],
    }),
    lastName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(100)],
    }),
    dateOfBirth: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    sex: new FormControl<Sex | null>(null, { validators: [Validators.required] }),
    email: new FormControl('', {
      nonNullable: true,
      validators: [Validators.email, Validators.maxLength(254)],
    }),
    phone: new FormControl('', { nonNullable: true }),
  });

  protected submit(): void {
    if (this.submitting()) {
      return;
    }
    const value = this.form.getRawValue();
    if (this.form.invalid || !value.sex) {
      this.form.markAllAsTouched();
      this.error.set('Check the highlighted fields.');
      this.focusFirstInvalid();
      return;
    }
    const patient: CreatePatientDto = {
      firstName: value.firstName.trim(),
      lastName: value.lastName.trim(),
      dateOfBirth: value.dateOfBirth,
      sex: value.sex,
      ...(value.email.trim() ? { email: value.email.trim() } : {}),
      ...(value.phone.trim() ? { phone: value.phone.trim() } : {}),
    };
    this.error.set(null);
    this.submitting.set(true);
    this.api
      .create(patient)
      .pipe(finalize(() => this.submitting.set(false)))
      .subscribe({
        next: (created) => {
          this.recent.record(created);
          void this.router.navigate(['/patients', created.id]);
        },
        error: (error: unknown) => this.failed(error),
      });
  }

  private failed(error: unknown): void {
    if (error instanceof HttpErrorResponse && error.status === 403) {
      this.error.set('Adding patients needs the therapist role.');
      return;
    }
    const problem = toProblem(error);
    const unmatched = applyFieldErrors(this.form, problem);
    if (problem?.errors?.length && unmatched.length === 0) {
      this.error.set('Check the highlighted fields.');
    } else {
      this.error.set(
        unmatched.length ? unmatched.map((e) => e.message).join(' ') : generalErrorMessage(error),
      );
    }
    this.focusFirstInvalid();
  }

  /** Focus on the first field to fix; for the radio group, its checked (or first) radio. */
  private focusFirstInvalid(): void {
    const name = Object.entries(this.form.controls).find(([, control]) => control.invalid)?.[0];
    const field = name ? this.host.nativeElement.querySelector(`[formcontrolname="${name}"]`) : null;
    const target = field?.matches('input, select, textarea')
      ? field
      : field?.querySelector<HTMLElement>('input:checked, input');
    if (target instanceof HTMLElement) {
      target.focus();
    }
  }
}
