import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { MfaPolicy } from '../../core/auth/mfa-policy.service';
import { IconComponent } from '../../shared/icon.component';

/** The admin sections, as links under the page's own heading level (each screen has its h1). */
export const ADMIN_SECTIONS = [
  { path: 'users', label: 'Users' },
  { path: 'audit', label: 'Audit log' },
  { path: 'exercises', label: 'Exercise library' },
  { path: 'clinic', label: 'Clinic settings' },
] as const;

/**
 * `/admin/*`: a row of section links above the section's screen — and, for an admin whom the
 * clinic's two-step rule locks out (every admin-only answer is 403), why, and the way back in.
 */
@Component({
  selector: 'stride-admin-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <div role="status">
      @if (lockedOut()) {
        <div class="mfa-required">
          <stride-icon name="lock" />
          <p>
            <strong>Your clinic requires two-step sign-in for admins.</strong>
            Until you set it up for your account, Stride refuses you the admin screens; patients and notes
            work as before.
            <a routerLink="/account/security">Set up two-step sign-in</a>
          </p>
        </div>
      }
    </div>
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
    .mfa-required {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      box-sizing: border-box;
      max-width: 880px;
      margin: -8px 0 20px;
      padding: 12px 16px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .mfa-required p {
      margin: 0;
    }
    .mfa-required a {
      color: inherit;
      font-weight: 500;
    }
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
    .admin-nav a {
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
    .admin-nav a:hover {
      color: var(--mat-sys-on-surface);
      background: var(--mat-sys-surface-container);
    }
    .admin-nav a:focus-visible {
      outline-offset: -3px;
    }
    .admin-nav a.active {
      border-bottom-color: var(--mat-sys-primary);
      color: var(--mat-sys-primary);
      font-weight: 700;
    }
  `,
})
export class AdminLayoutComponent {
  private readonly policy = inject(MfaPolicy);

  protected readonly sections = ADMIN_SECTIONS;
  protected readonly lockedOut = this.policy.adminLockedOut;

  constructor() {
    this.policy.refresh();
  }
}
