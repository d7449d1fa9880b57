import { BreakpointObserver } from '@angular/cdk/layout';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  linkedSignal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';

import { IconComponent } from '../../shared/icon.component';
import { RolesPipe } from '../../shared/roles.pipe';
import { AuthService } from '../auth/auth.service';
import { IdleSignOutService } from '../auth/idle-sign-out.service';

/** Below this width the side navigation folds away behind a menu button (portrait tablets). */
export const COMPACT_LAYOUT_QUERY = '(max-width: 899.98px)';

@Component({
  selector: 'stride-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    IconComponent,
    MatButtonModule,
    MatListModule,
    MatMenuModule,
    MatSidenavModule,
    MatToolbarModule,
    RolesPipe,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly user = this.auth.user;
  protected readonly isAdmin = computed(() => this.auth.user()?.roles.includes('admin') ?? false);
  protected readonly compact = toSignal(
    inject(BreakpointObserver)
      .observe(COMPACT_LAYOUT_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  /** Open beside the content on wide screens; closed (an overlay when opened) on narrow ones. */
  protected readonly navOpen = linkedSignal(() => !this.compact());
  protected readonly navMode = computed(() => (this.compact() ? 'over' : 'side'));

  constructor() {
    const idle = inject(IdleSignOutService);
    idle.start();
    inject(DestroyRef).onDestroy(() => idle.stop());
  }

  protected closeNavIfCompact(): void {
    if (this.compact()) {
      this.navOpen.set(false);
    }
  }

  protected async signOut(): Promise<void> {
    const signedOut = this.auth.signOut();
    await this.router.navigateByUrl('/sign-in');
    await signedOut;
  }
}
