import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Instrument, VisitView } from '@stride/api';
import { firstValueFrom } from 'rxjs';

import type { DistanceUnit } from '@stride/api';
import { IconComponent } from '../../shared/icon.component';
import { generalErrorMessage } from '../../shared/problem';
import { formatInstant } from './clinic-time';
import { describeExercise, describeManualTherapy, describeRunning } from './note-summary';
import { fromKm } from './distance';
import { randomUuid } from '../../core/api/idempotency';
import type { ChangeSinceBaseline } from './outcomes';
import { formatReading } from './outcomes';
import { VisitsApi } from '../../core/api/visits.api';

const ADDENDUM_MAX = 20000;

/** A signed (or not editable) note, read-only, with its addenda and "Add addendum" for its creator. */
@Component({
  selector: 'stride-signed-note',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatButtonModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    @let v = visit();
    <section class="note-section" aria-labelledby="soap-heading">
      <h2 id="soap-heading">SOAP</h2>
      <dl class="soap-read">
        @for (part of soap(); track part.label) {
          <div>
            <dt>{{ part.label }}</dt>
            <dd>{{ part.text || '—' }}</dd>
          </div>
        }
      </dl>
    </section>

    <section class="note-section" aria-labelledby="measures-heading">
      <h2 id="measures-heading">Measurements</h2>
      @if (measurements().length) {
        <table class="read-table">
          <thead>
            <tr>
              <th scope="col">Instrument</th>
              <th scope="col">Value</th>
              <th scope="col">Change since baseline</th>
            </tr>
          </thead>
          <tbody>
            @for (m of measurements(); track m.code) {
              <tr>
                <th scope="row">{{ m.name }}</th>
                <td>{{ m.value }}</td>
                <td>{{ m.change }}</td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="empty">No measurements recorded.</p>
      }
    </section>

    <section class="note-section" aria-labelledby="treatment-heading">
      <h2 id="treatment-heading">Treatment</h2>
      <h3>Manual therapy</h3>
      @if (v.manualTherapy.length) {
        <ul>
          @for (t of manualTherapy(); track $index) {
            <li>{{ t }}</li>
          }
        </ul>
      } @else {
        <p class="empty">None.</p>
      }
      <h3>Exercises</h3>
      @if (v.exercises.length) {
        <ul>
          @for (e of exercises(); track $index) {
            <li>{{ e }}</li>
          }
        </ul>
      } @else {
        <p class="empty">None.</p>
      }
      <h3>Running load</h3>
      <p>{{ running() }}</p>
      @if (v.flags.includes('weekly_distance_over_10_percent')) {
        <p class="load-warning">
          <stride-icon name="flag" /> Weekly distance rose more than 10% over the previous visit.
        </p>
      }
    </section>

    <section class="note-section" aria-labelledby="billing-heading">
      <h2 id="billing-heading">Service lines</h2>
      @if (v.billing.lines.length) {
        <table class="read-table">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Minutes</th>
              <th scope="col">Units</th>
            </tr>
          </thead>
          <tbody>
            @for (line of v.billing.lines; track line.cptCode) {
              <tr>
                <th scope="row">{{ line.cptCode }} ({{ line.timed ? 'timed' : 'untimed' }})</th>
                <td>{{ line.minutes ?? '—' }}</td>
                <td>{{ line.units }}</td>
              </tr>
            }
          </tbody>
        </table>
        <p class="billing-total">
          Total: {{ v.billing.totalTimedMinutes }} timed minutes →
          <strong>{{ v.billing.totalUnits }}</strong> units
        </p>
      } @else {
        <p class="empty">No services billed.</p>
      }
    </section>

    @if (v.status === 'signed') {
      <section class="note-section addenda" aria-labelledby="addenda-heading">
        <h2 id="addenda-heading">Addenda</h2>
        @for (a of v.addenda; track a.id) {
          <article class="addendum">
            <p class="addendum-meta">
              {{ when(a.createdAt) }} · {{ a.authorId === userId() ? 'you' : 'the treating therapist' }}
            </p>
            <p class="addendum-text">{{ a.text }}</p>
          </article>
        } @empty {
          <p class="empty">No addenda.</p>
        }
        @if (canAddAddendum()) {
          <div class="addendum-form">
            <mat-form-field appearance="outline" class="grow">
              <mat-label>Addendum</mat-label>
              <textarea matInput rows="3" [formControl]="text" [maxlength]="max"></textarea>
              <mat-hint>Corrections and late entries. An addendum cannot be changed once added.</mat-hint>
              <mat-error>Write the addendum first.</mat-error>
            </mat-form-field>
            <div class="alert" role="alert">
              @if (error(); as error) {
                <p>{{ error }}</p>
              }
            </div>
            <button mat-flat-button type="button" [disabled]="busy()" (click)="add()">
              <stride-icon name="add" /> {{ busy() ? 'Adding…' : 'Add addendum' }}
            </button>
          </div>
        } @else {
          <p class="hint">Only the therapist who wrote this note can add addenda.</p>
        }
      </section>
    }
  `,
})
export class SignedNoteComponent {
  private readonly api = inject(VisitsApi);

  readonly visit = input.required<VisitView>();
  readonly instruments = input.required<readonly Instrument[]>();
  readonly changes = input.required<Record<string, ChangeSinceBaseline>>();
  readonly timeZone = input.required<string>();
  readonly distanceUnit = input.required<DistanceUnit>();
  readonly userId = input<string | null>(null);
  readonly canWrite = input(false);
  /** The visit with the new addendum. */
  readonly visitChange = output<VisitView>();

  protected readonly max = ADDENDUM_MAX;
  protected readonly text = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(ADDENDUM_MAX)],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** One key per addendum text, reused on a retry so a flaky network never adds it twice. */
  private pendingKey: { text: string; key: string } | null = null;

  protected readonly canAddAddendum = computed(
    () => this.canWrite() && this.visit().therapistId === this.userId(),
  );

  protected readonly soap = computed(() => {
    const v = this.visit();
    return [
      { label: 'Subjective', text: v.subjective },
      { label: 'Objective', text: v.objective },
      { label: 'Assessment', text: v.assessment },
      { label: 'Plan', text: v.plan },
    ];
  });

  protected readonly measurements = computed(() =>
    this.instruments().flatMap((i) => {
      const value = this.visit().measurements.find((m) => m.instrument === i.code)?.value;
      return value === undefined
        ? []
        : [
            {
              code: i.code,
              name: i.name,
              value: formatReading(i, value),
              change: this.changes()[i.code]?.text ?? '',
            },
          ];
    }),
  );

  protected readonly manualTherapy = computed(() =>
    this.visit().manualTherapy.map((t) =>
      describeManualTherapy({
        technique: t.technique,
        region: t.region,
        minutes: t.minutes,
        notes: t.notes ?? '',
      }),
    ),
  );

  protected readonly exercises = computed(() =>
    this.visit().exercises.map((e) => describeExercise({ ...e, load: e.load ?? '', notes: e.notes ?? '' })),
  );

  protected readonly running = computed(() => {
    const r = this.visit().running;
    const unit = this.distanceUnit();
    if (!r) return 'Not recorded.';
    return describeRunning(
      r
        ? {
            weeklyDistance: fromKm(r.weeklyDistanceKm, unit),
            longestRun: fromKm(r.longestRunKm, unit),
            runWalkRatio: r.runWalkRatio ?? '',
          }
        : null,
      unit,
    );
  });

  protected when(instant: string): string {
    return formatInstant(instant, this.timeZone());
  }

  protected async add(): Promise<void> {
    // A second click while the first is on its way does nothing (the button is disabled too); a
    // retry after a failure reuses the key, and a 409 "still in progress" is waited out and
    // replayed by the Idempotency-Key interceptor, so a saved addendum never shows an error.
    if (this.busy()) return;
    const text = this.text.value.trim();
    if (!text) {
      this.text.markAsTouched();
      this.text.setErrors({ required: true });
      return;
    }
    if (this.pendingKey?.text !== text) {
      this.pendingKey = { text, key: randomUuid() };
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const visit = await firstValueFrom(this.api.addAddendum(this.visit().id, text, this.pendingKey.key));
      this.pendingKey = null;
      this.text.reset('');
      this.visitChange.emit(visit);
    } catch (error: unknown) {
      this.error.set(generalErrorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
