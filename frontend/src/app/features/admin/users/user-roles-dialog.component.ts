import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { ClinicUserView, Role } from '@stride/api';

import { IconComponent } from '../../../shared/icon.component';
import { ROLE_OPTIONS, rolesForm, sameRoles, selectedRoles } from './roles-form';

export interface UserRolesDialogData {
  user: ClinicUserView;
  /** The admin's own account. */
  self: boolean;
}

/** Picks a user's roles; closes with the new roles, or nothing when cancelled or unchanged. */
@Component({
  selector: 'stride-user-roles-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatButtonModule, MatCheckboxModule, MatDialogModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>Change roles of {{ data.user.fullName }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <fieldset class="choices" [class.invalid]="showError()" aria-describedby="roles-dialog-error">
          <legend>Roles</legend>
          @for (option of options; track option.role) {
            <mat-checkbox
              [formControlName]="option.role"
              [aria-describedby]="'roles-dialog-hint-' + option.role"
            >
              {{ option.label }}
            </mat-checkbox>
            <p class="hint choice-hint" [id]="'roles-dialog-hint-' + option.role">{{ option.hint }}</p>
          }
        </fieldset>
        <p class="field-error" id="roles-dialog-error" role="alert">
          @if (showError()) {
            Choose at least one role.
          }
        </p>
        @if (losesAdmin()) {
          <p class="warning">
            <stride-icon name="warning" /> Without the Administrator role you lose access to these Admin
            screens as soon as you save.
          </p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button mat-flat-button type="submit" class="confirm">Save roles</button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrls: ['../admin.scss'],
  styles: `
    .choices {
      margin-top: 4px;
    }
    .warning {
      display: flex;
      gap: 8px;
      align-items: flex-start;
    }
  `,
})
export class UserRolesDialogComponent {
  protected readonly data = inject<UserRolesDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<UserRolesDialogComponent, Role[]>>(MatDialogRef);

  protected readonly options = ROLE_OPTIONS;
  protected readonly form = rolesForm(this.data.user.roles);
  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  private readonly submitted = signal(false);
  protected readonly showError = computed(() => this.submitted() && selectedRoles(this.value()).length === 0);
  protected readonly losesAdmin = computed(
    () => this.data.self && this.data.user.roles.includes('admin') && this.value().admin !== true,
  );

  protected save(): void {
    this.submitted.set(true);
    const roles = selectedRoles(this.form.getRawValue());
    if (roles.length === 0) {
      return;
    }
    this.ref.close(sameRoles(roles, this.data.user.roles) ? undefined : roles);
  }
}
