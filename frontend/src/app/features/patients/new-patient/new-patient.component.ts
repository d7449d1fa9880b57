import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { Router, RouterLink } from '@angular/router';
import type { CreatePatientDto, PatientView, PossibleDuplicate, Sex, UpdatePatientDto } from '@stride/api';
import { todayIn } from '@stride/clinical';
import { finalize, type Observable } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { datePattern, fieldError } from '../../../shared/field-messages';
import { IconComponent } from '../../../shared/icon.component';
import { applyFieldErrors, generalErrorMessage, httpStatus, toProblem } from '../../../shared/problem';
import { formatCalendarDate, fullName, SEX_LABELS } from '../patient-format';
import { possibleDuplicates, PatientsApi } from '../../../core/api/patients.api';
import { RecentPatientsService } from '../recent-patients.service';

/** The patient form's labels, for its own messages and the API's. */
export const PATIENT_FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  dateOfBirth: 'Date of birth',
  sex: 'Sex',
  email: 'Email',
  phone: 'Phone',
};

/**
 * A patient's details: `/patients/new` creates one (all of `POST /patients`, then straight to the
 * new chart; a possible duplicate is shown first, with "Create anyway"); under a chart,
 * `/patients/:patientId/edit` edits one (PATCH with `If-Match`), read-only once archived.
 */
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

  /** Route parameter under a chart: the patient to edit (unset on `/patients/new`). */
  readonly patientId = input<string>();

  protected readonly sexes = Object.entries(SEX_LABELS) as [Sex, string][];
  protected readonly today = todayIn(this.auth.user()?.clinic.timezone ?? 'UTC');
  protected readonly error = signal<string | null>(null);
  protected readonly submitting = signal(false);
  protected readonly labels = PATIENT_FIELD_LABELS;
  protected readonly fieldError = fieldError;
  protected readonly datePattern = datePattern();
  protected readonly formatDate = formatCalendarDate;
  protected readonly editing = computed(() => !!this.patientId());
  /** The patient being edited, as read (its version goes back as If-Match). */
  protected readonly patient = signal<PatientView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  /** Patients the API found with the same names and date of birth (a 409 possible duplicate). */
  protected readonly duplicates = signal<PossibleDuplicate[] | null>(null);
  /** The edit was refused as stale (412): someone else changed the patient. */
  protected readonly stale = signal(false);

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

  constructor() {
    effect(() => {
      const id = this.patientId();
      if (id) {
        untracked(() => this.load(id));
      }
    });
    // A changed name or date of birth is another question: the duplicate prompt goes.
    this.form.valueChanges.subscribe(() => {
      if (this.duplicates()) {
        this.duplicates.set(null);
      }
    });
  }

  protected load(id: string): void {
    this.loadError.set(null);
    this.stale.set(false);
    this.api.get(id).subscribe({
      next: (patient) => {
        this.patient.set(patient);
        this.form.reset({
          firstName: patient.firstName,
          lastName: patient.lastName,
          dateOfBirth: patient.dateOfBirth,
          sex: patient.sex,
          email: patient.email ?? '',
          phone: patient.phone ?? '',
        });
        if (patient.archivedAt) {
          this.form.disable();
        }
      },
      error: (error: unknown) =>
        this.loadError.set(
          httpStatus(error) === 404
            ? 'This patient was not found. They may belong to another clinic, or the link is wrong.'
            : generalErrorMessage(error),
        ),
    });
  }

  protected submit(): void {
    if (this.submitting() || this.patient()?.archivedAt) {
      return;
    }
    const value = this.form.getRawValue();
    if (this.form.invalid || !value.sex) {
      this.form.markAllAsTouched();
      this.error.set('Check the highlighted fields.');
      this.focusFirstInvalid();
      return;
    }
    const existing = this.patient();
    if (this.editing() && existing) {
      const patch = changedPatientFields(existing, value);
      if (Object.keys(patch).length === 0) {
        void this.router.navigate(['/patients', existing.id]);
        return;
      }
      this.send(this.api.update(existing, patch), (saved) => {
        this.recent.record(saved);
        void this.router.navigate(['/patients', saved.id]);
      });
      return;
    }
    this.create(false);
  }

  /** "Create anyway": the same patient, sent again with `confirmDuplicate=true` (a new request and key). */
  protected createAnyway(): void {
    this.create(true);
  }

  protected backToForm(): void {
    this.duplicates.set(null);
    this.host.nativeElement.querySelector<HTMLElement>('[formcontrolname="firstName"]')?.focus();
  }

  protected fullName(): string {
    const { firstName, lastName } = this.form.getRawValue();
    return fullName({ firstName: firstName.trim(), lastName: lastName.trim() });
  }

  private create(confirmDuplicate: boolean): void {
    const value = this.form.getRawValue();
    if (!value.sex) return;
    const patient: CreatePatientDto = {
      firstName: value.firstName.trim(),
      lastName: value.lastName.trim(),
      dateOfBirth: value.dateOfBirth,
      sex: value.sex,
      ...(value.email.trim() ? { email: value.email.trim() } : {}),
      ...(value.phone.trim() ? { phone: value.phone.trim() } : {}),
    };
    this.send(this.api.create(patient, { confirmDuplicate }), (created) => {
      this.recent.record(created);
      void this.router.navigate(['/patients', created.id]);
    });
  }

  private send(request: Observable<PatientView>, done: (patient: PatientView) => void): void {
    if (this.submitting()) return;
    this.error.set(null);
    this.submitting.set(true);
    request.pipe(finalize(() => this.submitting.set(false))).subscribe({
      next: done,
      error: (error: unknown) => this.failed(error),
    });
  }

  private failed(error: unknown): void {
    const duplicates = possibleDuplicates(error);
    if (duplicates) {
      this.duplicates.set(duplicates);
      setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>('#duplicates-title')?.focus());
      return;
    }
    if (error instanceof HttpErrorResponse && error.status === 403) {
      this.error.set(
        this.editing()
          ? 'Editing patients needs the therapist role.'
          : 'Adding patients needs the therapist role.',
      );
      return;
    }
    if (httpStatus(error) === 412) {
      this.stale.set(true);
      this.error.set(
        'Someone else changed this patient since you opened the form. Reload to see their changes, then make yours again.',
      );
      return;
    }
    if (httpStatus(error) === 409) {
      this.error.set('This patient is archived: the record is read-only.');
      return;
    }
    const problem = toProblem(error);
    const unmatched = applyFieldErrors(this.form, problem, PATIENT_FIELD_LABELS);
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

/** The PATCH of an edited patient: what differs from what was read (an emptied email or phone is null). */
export function changedPatientFields(
  before: PatientView,
  after: {
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    sex: Sex | null;
    email: string;
    phone: string;
  },
): UpdatePatientDto {
  const patch: UpdatePatientDto = {};
  const firstName = after.firstName.trim();
  const lastName = after.lastName.trim();
  const email = after.email.trim() || null;
  const phone = after.phone.trim() || null;
  if (firstName !== before.firstName) patch.firstName = firstName;
  if (lastName !== before.lastName) patch.lastName = lastName;
  if (after.dateOfBirth !== before.dateOfBirth) patch.dateOfBirth = after.dateOfBirth;
  if (after.sex && after.sex !== before.sex) patch.sex = after.sex;
  if (email !== (before.email ?? null)) patch.email = email;
  if (phone !== (before.phone ?? null)) patch.phone = phone;
  return patch;
}
