import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { IconComponent } from '../../../shared/icon.component';
import { sortName } from '../patient-format';
import type { RecentPatient } from '../recent-patients.service';

/** The charts opened last in this session, each one click (or Tab, Enter) away. */
@Component({
  selector: 'stride-recent-patients',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, RouterLink],
  template: `
    <nav class="recent" aria-labelledby="recent-patients-title">
      <h2 id="recent-patients-title"><stride-icon name="history" /> Recently opened</h2>
      @if (patients().length) {
        <ul>
          @for (patient of patients(); track patient.id) {
            <li>
              <a [routerLink]="['/patients', patient.id]">
                <span class="name">{{ sortName(patient) }}</span>
                <span class="visually-hidden">, MRN&nbsp;</span>
                <span class="mrn">{{ patient.mrn }}</span>
              </a>
            </li>
          }
        </ul>
      } @else {
        <p class="empty">Charts you open appear here until you sign out.</p>
      }
    </nav>
  `,
  styles: `
    :host {
      display: block;
    }
    h2 {
      display: flex;
      align-items: center;
      gap: 8px;
      font: var(--mat-sys-title-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    ul {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    a {
      display: inline-flex;
      align-items: baseline;
      gap: 8px;
      min-height: 40px;
      box-sizing: border-box;
      padding: 8px 14px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 20px;
      background: var(--mat-sys-surface-container-low);
      color: var(--mat-sys-on-surface);
      text-decoration: none;
      &:hover {
        background: var(--mat-sys-surface-container-high);
      }
    }
    .name {
      font-weight: 500;
    }
    .mrn {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .empty {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class RecentPatientsComponent {
  readonly patients = input.required<readonly RecentPatient[]>();
  protected readonly sortName = sortName;
}
