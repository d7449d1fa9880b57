import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { RouterLink } from '@angular/router';
import type { ClinicView, UpdateClinicDto } from '@stride/api';
import { finalize } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { MfaPolicy } from '../../../core/auth/mfa-policy.service';
import { IconComponent } from '../../../shared/icon.component';
import { applyFieldErrors, serverError, toProblem } from '../../../shared/problem';
import { httpStatus, problemSentence } from '../../../shared/problem';
import { ClinicApi } from '../../../core/api/clinic.api';
import { timeZoneOptions } from './time-zones';

export const STALE_CLINIC_MESSAGE =
  'Someone else saved the clinic settings after you opened them, so your changes were not saved. ' +
  'The form now shows their version: make your changes again.';

type DistanceUnit = ClinicView['distanceUnit'];

/**
 * Clinic settings: name, time zone, distance unit, and whether admins must use two-step sign-in;
 * saved with `If-Match`.
 */
@Component({
  selector: 'stride-clinic-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    IconComponent,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './clinic-settings.component.html',
  styleUrls: ['../admin.scss', './clinic-settings.component.scss'],
})
export class ClinicSettingsComponent {
  private readonly api = inject(ClinicApi);
  private readonly auth = inject(AuthService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly policy = inject(MfaPolicy);

  /** The clinic as last read or saved (its version goes in If-Match). */
  protected readonly clinic = signal<ClinicView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly saving = signal(false);
  /** The API refuses requiring two-step sign-in of admins to an admin who does not use it. */
  protected readonly mfaEnabled = computed(() => this.auth.user()?.mfaEnabled ?? false);
  protected readonly serverError = serverError;
  protected readonly timeZones = computed(() => timeZoneOptions(this.clinic()?.timezone ?? 'UTC'));

  protected readonly form = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(200)],
    }),
    timezone: new FormControl('UTC', { nonNullable: true, validators: [Validators.required] }),
    distanceUnit: new FormControl<DistanceUnit>('km', { nonNullable: true }),
    requireMfaForAdmins: new FormControl(false, { nonNullable: true }),
  });

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loadError.set(null);
    this.api.get().subscribe({
      next: (clinic) => this.show(clinic),
      error: (error: unknown) => this.loadError.set(problemSentence(error)),
    });
  }

  protected save(): void {
    const clinic = this.clinic();
    if (!clinic || this.saving()) {
      return;
    }
    this.notice.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Check the highlighted fields.');
      this.focusFirstInvalid();
      return;
    }
    const change = changes(clinic, this.form.getRawValue());
    if (Object.keys(change).length === 0) {
      this.error.set(null);
      this.notice.set('Nothing to save: the settings are unchanged.');
      return;
    }
    this.error.set(null);
    this.saving.set(true);
    this.api
      .update(clinic.version, change)
      .pipe(finalize(() => this.saving.set(false)))
      .subscribe({
        next: (saved) => {
          this.show(saved);
          this.notice.set('Clinic settings saved.');
        },
        error: (error: unknown) => this.failed(error),
      });
  }

  private failed(error: unknown): void {
    if (httpStatus(error) === 412) {
      this.api.get().subscribe({
        next: (latest) => {
          this.show(latest);
          this.error.set(STALE_CLINIC_MESSAGE);
        },
        error: (reloadError: unknown) =>
          this.error.set(
            'Someone else saved the clinic settings after you opened them, so your changes were not saved, ' +
              `and their version could not be loaded. ${problemSentence(reloadError)}`,
          ),
      });
      return;
    }
    const problem = toProblem(error);
    const unmatched = applyFieldErrors(this.form, problem);
    if (problem?.errors?.length && unmatched.length === 0) {
      this.error.set('Check the highlighted fields.');
    } else {
      this.error.set(unmatched.length ? unmatched.map((e) => e.message).join(' ') : problemSentence(error));
    }
    this.focusFirstInvalid();
  }

  private show(clinic: ClinicView): void {
    this.syncSession(clinic);
    this.policy.clinicSeen(clinic);
    this.clinic.set(clinic);
    this.form.reset({
      name: clinic.name,
      timezone: clinic.timezone,
      distanceUnit: clinic.distanceUnit,
      requireMfaForAdmins: clinic.requireMfaForAdmins,
    });
  }

  /**
   * The toolbar and every screen read the clinic's name, time zone and unit from the session: when
   * they differ from the clinic as saved, a session refresh brings them up to date.
   */
  private syncSession(clinic: ClinicView): void {
    const summary = this.auth.user()?.clinic;
    if (
      summary &&
      (summary.name !== clinic.name ||
        summary.timezone !== clinic.timezone ||
        summary.distanceUnit !== clinic.distanceUnit)
    ) {
      this.auth.refresh().subscribe({ error: () => undefined });
    }
  }

  private focusFirstInvalid(): void {
    const name = Object.entries(this.form.controls).find(([, control]) => control.invalid)?.[0];
    if (name) {
      this.host.nativeElement.querySelector<HTMLElement>(`[formcontrolname="${name}"]`)?.focus();
    }
  }
}

/** Only what changed goes into the PATCH. */
export function changes(
  clinic: ClinicView,
  value: { name: string; timezone: string; distanceUnit: DistanceUnit; requireMfaForAdmins: boolean },
): UpdateClinicDto {
  const change: UpdateClinicDto = {};
  const name = value.name.trim();
  if (name !== clinic.name) change.name = name;
  if (value.timezone !== clinic.timezone) change.timezone = value.timezone;
  if (value.distanceUnit !== clinic.distanceUnit) change.distanceUnit = value.distanceUnit;
  if (value.requireMfaForAdmins !== clinic.requireMfaForAdmins) {
    change.requireMfaForAdmins = value.requireMfaForAdmins;
  }
  return change;
}
