import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';

/** The centred card the sign-in and sign-up pages share; it is the page's `main` landmark. */
@Component({
  selector: 'stride-auth-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatCardModule],
  template: `
    <main id="main" tabindex="-1">
      <p class="brand" aria-hidden="true">Stride</p>
      <mat-card appearance="outlined" class="card">
        <mat-card-content>
          <h1>{{ heading() }}</h1>
          <ng-content />
        </mat-card-content>
      </mat-card>
    </main>
  `,
  styles: `
    :host {
      display: block;
      min-height: 100%;
      background: var(--mat-sys-surface-container-low);
    }
    main {
      box-sizing: border-box;
      max-width: 480px;
      margin: 0 auto;
      padding: 48px 16px;
      outline: none;
    }
    .brand {
      margin: 0 0 16px;
      font: var(--mat-sys-headline-small);
      color: var(--mat-sys-primary);
      text-align: center;
    }
    .card {
      padding: 8px;
    }
  `,
})
export class AuthCardComponent {
  readonly heading = input.required<string>();
}
