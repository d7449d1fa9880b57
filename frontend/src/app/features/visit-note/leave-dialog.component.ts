import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';

export interface LeaveDialogData {
  reason: string;
}

/** Asked when leaving the note while its latest changes could not be saved. */
@Component({
  selector: 'stride-leave-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>Leave with unsaved changes?</h2>
    <mat-dialog-content>
      <p>{{ data.reason }}</p>
      <p>If you leave, they stay in this browser tab and come back when you open this note again here.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="true">Leave anyway</button>
      <button mat-flat-button type="button" class="stay" [mat-dialog-close]="false">Stay on the note</button>
    </mat-dialog-actions>
  `,
})
export class LeaveDialogComponent {
  protected readonly data = inject<LeaveDialogData>(MAT_DIALOG_DATA);
}
