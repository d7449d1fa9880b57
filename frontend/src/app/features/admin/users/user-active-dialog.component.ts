import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { ClinicUserView } from '@stride/api';

import { IconComponent } from '../../../shared/icon.component';
import { RolesPipe } from '../../../shared/roles.pipe';

/** The consequence of deactivating, named in the confirmation (the API's `users` module ends their sessions at once). */
export const DEACTIVATE_CONSEQUENCE = 'their sessions end at once';

export interface UserActiveDialogData {
  user: ClinicUserView;
  /** The admin's own account. */
  self: boolean;
}

/** Confirms deactivating (or reactivating) a user; closes with true to go ahead. */
@Component({
  selector: 'stride-user-active-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatButtonModule, MatDialogModule, RolesPipe],
  template: `
    @if (data.user.active) {
      <h2 mat-dialog-title>Deactivate {{ data.user.fullName }}?</h2>
      <mat-dialog-content>
        <p>
          {{ data.user.fullName }} will no longer be able to sign in, and <strong>{{ consequence }}</strong>,
          on every device.
        </p>
        <p>Their notes, signatures and audit history stay. You can reactivate them later.</p>
        @if (data.self) {
          <p class="warning">
            <stride-icon name="warning" /> This is your own account: you will be signed out straight away.
          </p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="false">Cancel</button>
        <button mat-flat-button type="button" class="confirm" [mat-dialog-close]="true">Deactivate</button>
      </mat-dialog-actions>
    } @else {
      <h2 mat-dialog-title>Reactivate {{ data.user.fullName }}?</h2>
      <mat-dialog-content>
        <p>
          {{ data.user.fullName }} can sign in again with their existing password, as
          {{ data.user.roles | roles }}.
        </p>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="false">Cancel</button>
        <button mat-flat-button type="button" class="confirm" [mat-dialog-close]="true">Reactivate</button>
      </mat-dialog-actions>
    }
  `,
  styles: `
    .warning {
      display: flex;
      gap: 8px;
      align-items: flex-start;
      font-weight: 500;
    }
  `,
})
export class UserActiveDialogComponent {
  protected readonly data = inject<UserActiveDialogData>(MAT_DIALOG_DATA);
  protected readonly consequence = DEACTIVATE_CONSEQUENCE;
}
