import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** The admin sections, as links under the page's own heading level (each screen has its h1). */
export const ADMIN_SECTIONS = [
  { path: 'users', label: 'Users' },
  { path: 'audit', label: 'Audit log' },
  { path: 'exercises', label: 'Exercise library' },
  { path: 'clinic', label: 'Clinic settings' },
] as const;

/** `/admin/*`: a row of section links above the section's screen. */
@Component({
  selector: 'stride-admin-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <nav class="admin-nav" aria-label="Admin">
      <ul>
        @for (section of sections; track section.path) {
          <li>
            <a [routerLink]="section.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{
              section.label
            }}</a>
          </li>
        }
      </ul>
    </nav>
    <router-outlet />
  `,
  styles: `
    .admin-nav {
      margin: -8px 0 20px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      overflow-x: auto;
    }
    ul {
      display: flex;
      gap: 4px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    a {
      display: inline-flex;
      align-items: center;
      min-height: 48px;
      padding: 0 16px;
      box-sizing: border-box;
      border-bottom: 3px solid transparent;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-title-small);
      text-decoration: none;
      white-space: nowrap;
    }
    a:hover {
      color: var(--mat-sys-on-surface);
      background: var(--mat-sys-surface-container);
    }
    a:focus-visible {
      outline-offset: -3px;
    }
    a.active {
      border-bottom-color: var(--mat-sys-primary);
      color: var(--mat-sys-primary);
      font-weight: 700;
    }
  `,
})
export class AdminLayoutComponent {
  protected readonly sections = ADMIN_SECTIONS;
}
