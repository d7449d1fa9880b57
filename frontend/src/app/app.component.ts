import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';

@Component({
  selector: 'stride-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet],
  template: `
    <a class="skip-link" href="#main" (click)="skipToMain($event)">Skip to main content</a>
    <router-outlet />
  `,
  styles: `
    :host {
      display: block;
      height: 100%;
    }
    .skip-link {
      position: absolute;
      z-index: 1000;
      top: 8px;
      left: 8px;
      padding: 8px 16px;
      border-radius: 4px;
      background: var(--mat-sys-inverse-surface);
      color: var(--mat-sys-inverse-on-surface);
      transform: translateY(-200%);
    }
    .skip-link:focus {
      transform: none;
    }
  `,
})
export class AppComponent {
  private readonly document = inject(DOCUMENT);

  /** Moves focus to the page's `<main id="main" tabindex="-1">` without touching the URL. */
  protected skipToMain(event: Event): void {
    const main = this.document.getElementById('main');
    if (main) {
      event.preventDefault();
      main.focus();
    }
  }
}
