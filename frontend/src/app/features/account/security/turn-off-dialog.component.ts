import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';

/** Confirms turning two-step sign-in off; closes with true to go ahead. */
@Component({
  selector: 'stride-turn-off-mfa-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>Turn off two-step sign-in?</h2>
    <mat-dialog-content>
      <p>Signing in will need only your password again: anyone who learns it can sign in as you.</p>
      <p>
        The key in your authenticator app stops working. To turn two-step sign-in on again later, you set it
        up with a new key.
      </p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false">Keep it on</button>
      <button mat-flat-button type="button" class="confirm" [mat-dialog-close]="true">Turn off</button>
    </mat-dialog-actions>
  `,
})
export class TurnOffMfaDialogComponent {}
