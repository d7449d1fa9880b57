import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

export interface ConfirmDialogData {
  title: string;
  /** Paragraphs: what happens, and what stays. */
  body: string[];
  /** The confirming button's words ("Delete draft"), and while it runs ("Deleting…"). */
  confirm: string;
  busy: string;
  /** Does the work. Resolves to null when done (the dialog closes with true), else the sentence to show. */
  run: () => Promise<string | null>;
}

/** Asks before a destructive action, runs it, and shows why it was refused without closing. */
@Component({
  selector: 'stride-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      @for (paragraph of data.body; track $index) {
        <p>{{ paragraph }}</p>
      }
      <div class="confirm-error" role="alert">
        @if (error(); as error) {
          <p>{{ error }}</p>
        }
      </div>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [disabled]="busy()" (click)="ref.close(false)">Keep it</button>
      <button mat-flat-button type="button" class="confirm" [disabled]="busy()" (click)="confirm()">
        {{ busy() ? data.busy : data.confirm }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .confirm-error:not(:empty) {
      padding: 8px 12px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .confirm-error p {
      margin: 0;
    }
  `,
})
export class ConfirmDialogComponent {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<ConfirmDialogComponent, boolean>>(MatDialogRef);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async confirm(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    const problem = await this.data.run();
    this.busy.set(false);
    if (problem === null) {
      this.ref.close(true);
    } else {
      this.error.set(problem);
    }
  }
}

/** Opens the confirmation; resolves to true once the action ran. */
export function confirmAction(dialog: MatDialog, data: ConfirmDialogData): Promise<boolean> {
  const ref = dialog.open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, {
    data,
    width: '30rem',
    maxWidth: 'calc(100vw - 32px)',
    // Focus the safe choice first: Enter keeps the record.
    autoFocus: 'first-tabbable',
  });
  return firstValueFrom(ref.afterClosed()).then((done) => done === true);
}
