import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';

import { IconComponent } from '../../shared/icon.component';

export const SIGN_CONSEQUENCE = 'Signing locks this note for good; later corrections become addenda.';

export interface SignDialogData {
  /** Fields that cannot be saved as they are (shown before the therapist confirms). */
  blocked: string[];
  /** Saves what is pending, then signs. Resolves to null when signed, else the message to show. */
  sign: () => Promise<string | null>;
}

/** Confirms signing, names the consequence, and shows why a sign failed (422, 403…). */
@Component({
  selector: 'stride-sign-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>Sign this visit note?</h2>
    <mat-dialog-content>
      <p class="consequence"><stride-icon name="lock" /> {{ consequence }}</p>
      @if (data.blocked.length) {
        <p class="blocked">
          <stride-icon name="warning" /> Not saved yet, fix first: {{ data.blocked.join(', ') }}.
        </p>
      }
      <div class="sign-error" role="alert">
        @if (error(); as error) {
          <p>{{ error }}</p>
        }
      </div>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [disabled]="busy()" (click)="ref.close(false)">Cancel</button>
      <button mat-flat-button type="button" class="sign-confirm" [disabled]="busy()" (click)="confirm()">
        {{ busy() ? 'Signing…' : 'Sign note' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .consequence,
    .blocked {
      display: flex;
      gap: 8px;
      align-items: flex-start;
    }
    .sign-error:not(:empty) {
      padding: 8px 12px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .sign-error p {
      margin: 0;
    }
  `,
})
export class SignDialogComponent {
  protected readonly data = inject<SignDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<SignDialogComponent, boolean>>(MatDialogRef);
  protected readonly consequence = SIGN_CONSEQUENCE;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async confirm(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    const problem = await this.data.sign();
    this.busy.set(false);
    if (problem === null) {
      this.ref.close(true);
    } else {
      this.error.set(problem);
    }
  }
}
