import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

import { IconComponent } from '../../shared/icon.component';
import type { Conflict } from './autosave-policy';
import { FIELD_LABELS } from './note-labels';
import { describeField, type SummaryContext } from './note-summary';

/** The note was saved elsewhere: theirs vs yours, field by field; keep theirs or take mine. */
@Component({
  selector: 'stride-conflict-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatButtonModule],
  template: `
    <section class="conflict" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading"><stride-icon name="warning" /> This note was changed elsewhere</h2>
      <p role="alert">
        Someone saved this note (in another tab or device) after you last loaded it. Saving is paused until
        you choose. Nothing has been overwritten.
      </p>
      <table>
        <caption class="visually-hidden">
          Fields that differ
        </caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Saved elsewhere (theirs)</th>
            <th scope="col">In this tab (yours)</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.key) {
            <tr>
              <th scope="row">
                {{ row.label }}
                <span class="kind">{{ row.kind === 'both' ? 'changed in both' : 'changed only here' }}</span>
              </th>
              <td>{{ row.theirs }}</td>
              <td>{{ row.mine }}</td>
            </tr>
          }
        </tbody>
      </table>
      @if (taken().length) {
        <p class="taken">Also changed elsewhere and already taken into this tab: {{ taken() }}.</p>
      }
      <div class="actions">
        <button mat-stroked-button type="button" (click)="keepTheirs.emit()">Keep theirs</button>
        <button mat-flat-button type="button" (click)="takeMine.emit()">Take mine</button>
      </div>
      <p class="hint">
        <strong>Keep theirs</strong> drops your unsaved changes to these fields.
        <strong>Take mine</strong> saves yours over theirs for these fields only.
      </p>
    </section>
  `,
})
export class ConflictPanelComponent {
  readonly conflict = input.required<Conflict>();
  readonly summary = input.required<SummaryContext>();
  readonly keepTheirs = output();
  readonly takeMine = output();

  protected readonly rows = computed(() =>
    this.conflict().rows.map((row) => ({
      key: row.key,
      kind: row.kind,
      label: FIELD_LABELS[row.key],
      theirs: describeField(row.key, row.theirs, this.summary()),
      mine: describeField(row.key, row.mine, this.summary()),
    })),
  );

  protected readonly taken = computed(() =>
    this.conflict()
      .takenFromTheirs.map((key) => FIELD_LABELS[key])
      .join(', '),
  );
}
