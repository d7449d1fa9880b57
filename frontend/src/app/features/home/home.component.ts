import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';

import { AuthService } from '../../core/auth/auth.service';
import { IconComponent } from '../../shared/icon.component';
import { RolesPipe } from '../../shared/roles.pipe';

const UNIT_LABELS = { km: 'Kilometres (km)', mi: 'Miles (mi)' } as const;

/** The signed-in landing page: who you are, your clinic, and what the console holds so far. */
@Component({
  selector: 'stride-home',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatCardModule, RolesPipe],
  templateUrl: './home.component.html',
  styleUrl: './home.component.scss',
})
export class HomeComponent {
  protected readonly user = inject(AuthService).user;
  protected readonly unitLabel = computed(() => {
    const unit = this.user()?.clinic.distanceUnit;
    return unit ? UNIT_LABELS[unit] : '';
  });
}
