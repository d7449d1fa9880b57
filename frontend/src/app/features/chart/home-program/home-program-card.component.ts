import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { HomeProgramView } from '@stride/api';

import { IconComponent } from '../../../shared/icon.component';
import { doseText } from '../home-program-format';

/** The episode's current home programme (the prescription of its latest signed visit that has one). */
@Component({
  selector: 'stride-home-program-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatButtonModule, RouterLink],
  template: `
    @if (program().items.length) {
      @if (sourceText(); as source) {
        <p class="source">{{ source }}</p>
      }
      <ol class="items">
        @for (item of program().items; track item.exerciseId) {
          <li>
            <span class="name">{{ item.name }}</span>
            <span class="dose">{{ dose(item) ?? 'No dose given' }}</span>
            @if (item.notes) {
              <span class="notes">{{ item.notes }}</span>
            }
          </li>
        }
      </ol>
      <a mat-stroked-button [routerLink]="printLink()">
        <stride-icon name="print" /> Printable home programme
      </a>
    } @else {
      <p class="empty">No home programme yet: it comes from the exercises of the latest signed visit.</p>
    }
  `,
  styleUrl: '../../patients/button-icon.scss',
  styles: `
    :host {
      display: block;
    }
    .source,
    .empty {
      margin: 0 0 8px;
      color: var(--mat-sys-on-surface-variant);
    }
    .items {
      margin: 0 0 12px;
      padding-left: 1.5em;
      li {
        margin-bottom: 6px;
      }
    }
    .name {
      font-weight: 500;
    }
    .dose::before,
    .notes::before {
      content: ' — ';
    }
    .notes {
      font-style: italic;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class HomeProgramCardComponent {
  readonly program = input.required<HomeProgramView>();
  /** "From the visit on …", when the visit is known. */
  readonly sourceText = input<string | null>(null);
  readonly printLink = input.required<unknown[]>();

  protected readonly dose = doseText;
}
