import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import type { CreateUserDto } from '@stride/api';
import { finalize } from 'rxjs';

import { IconComponent } from '../../../shared/icon.component';
import { fieldError } from '../../../shared/field-messages';
import { applyFieldErrors, SERVER_ERROR, serverError, toProblem } from '../../../shared/problem';
import { httpStatus, problemSentence } from '../../../shared/problem';
import { AdminNoticeService } from '../admin-notice.service';
import { ROLE_OPTIONS, rolesForm, selectedRoles } from './roles-form';
import { UsersApi } from '../../../core/api/users.api';

/** The API's password rule (`POST /users`), shown beside the field and checked before sending. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
export const PASSWORD_RULE = `${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`;

/** A new user of the clinic: `POST /users`, then back to the list. */
@Component({
  selector: 'stride-new-user',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    IconComponent,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './new-user.component.html',
  styleUrls: ['../admin.scss'],
})
export class NewUserComponent {
  private readonly api = inject(UsersApi);
  private readonly router = inject(Router);
  private readonly notices = inject(AdminNoticeService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly options = ROLE_OPTIONS;
  protected readonly passwordRule = PASSWORD_RULE;
  protected readonly error = signal<string | null>(null);
  protected readonly submitting = signal(false);
  protected readonly showPassword = signal(false);
  protected readonly serverError = serverError;
  protected readonly fieldError = fieldError;

  protected readonly form = new FormGroup({
    fullName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(200)],
    }),
    email: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.email, Validators.maxLength(254)],
    }),
    roles: rolesForm(['therapist']),
    password: new FormControl('', {
      nonNullable: true,
      validators: [
        Validators.required,
        Validators.minLength(PASSWORD_MIN),
        Validators.maxLength(PASSWORD_MAX),
      ],
    }),
  });

  private readonly rolesStatus = toSignal(this.form.controls.roles.statusChanges, {
    initialValue: this.form.controls.roles.status,
  });
  private readonly rolesTouched = signal(false);
  protected readonly rolesError = computed(() => {
    if (this.rolesStatus() !== 'INVALID' || !this.rolesTouched()) {
      return null;
    }
    return serverError(this.form.controls.roles) ?? 'Choose at least one role.';
  });

  protected submit(): void {
    if (this.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.rolesTouched.set(true);
      this.error.set('Check the highlighted fields.');
      this.focusFirstInvalid();
      return;
    }
    const value = this.form.getRawValue();
    const user: CreateUserDto = {
      email: value.email.trim(),
      fullName: value.fullName.trim(),
      roles: selectedRoles(value.roles),
      password: value.password,
    };
    this.error.set(null);
    this.submitting.set(true);
    this.api
      .create(user)
      .pipe(finalize(() => this.submitting.set(false)))
      .subscribe({
        next: (created) => {
          this.notices.set(`${created.fullName} was added. They can sign in with ${created.email}.`);
          void this.router.navigate(['/admin/users']);
        },
        error: (error: unknown) => this.failed(error),
      });
  }

  private failed(error: unknown): void {
    const problem = toProblem(error);
    if (httpStatus(error) === 409) {
      // A duplicate email: the API's sentence belongs next to the email field.
      const email = this.form.controls.email;
      email.setErrors({ ...email.errors, [SERVER_ERROR]: problemSentence(error) });
      email.markAsTouched();
      this.error.set('Check the highlighted fields.');
      this.focusFirstInvalid();
      return;
    }
    const unmatched = applyFieldErrors(this.form, problem);
    this.rolesTouched.set(true);
    if (problem?.errors?.length && unmatched.length === 0) {
      this.error.set('Check the highlighted fields.');
    } else {
      this.error.set(unmatched.length ? unmatched.map((e) => e.message).join(' ') : problemSentence(error));
    }
    this.focusFirstInvalid();
  }

  /** Focus on the first field to fix (for the roles, their first checkbox). */
  private focusFirstInvalid(): void {
    const name = Object.entries(this.form.controls).find(([, control]) => control.invalid)?.[0];
    if (!name) {
      return;
    }
    const target =
      name === 'roles'
        ? this.host.nativeElement.querySelector<HTMLElement>('.roles-choices input[type="checkbox"]')
        : this.host.nativeElement.querySelector<HTMLElement>(`[formcontrolname="${name}"]`);
    target?.focus();
  }
}
