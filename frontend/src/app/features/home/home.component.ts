import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';

import { AuthService } from '../../core/auth/auth.service';
import { IconComponent } from '../../shared/icon.component';
import { RolesPipe } from '../../shared/roles.pipe';
import { PatientSearchState } from '../patients/patient-search.state';
import { RecentPatientsComponent } from '../patients/recent-patients/recent-patients.component';
import { RecentPatientsService } from '../patients/recent-patients.service';

const UNIT_LABELS = { km: 'Kilometres (km)', mi: 'Miles (mi)' } as const;

/** The signed-in landing page: find a patient, the charts opened last, and your clinic. */
@Component({
  selector: 'stride-home',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    IconComponent,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
    RecentPatientsComponent,
    RolesPipe,
    RouterLink,
  ],
  templateUrl: './home.component.html',
  styleUrls: ['./home.component.scss', '../patients/button-icon.scss'],
})
export class HomeComponent {
  private readonly router = inject(Router);
  private readonly searchState = inject(PatientSearchState);

  protected readonly user = inject(AuthService).user;
  protected readonly recent = inject(RecentPatientsService).patients;
  protected readonly canCreate = computed(() => this.user()?.roles.includes('therapist') ?? false);
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly unitLabel = computed(() => {
    const unit = this.user()?.clinic.distanceUnit;
    return unit ? UNIT_LABELS[unit] : '';
  });

  /** Opens the patient list with this search (kept in memory, not in the URL: it may be a name). */
  protected find(event: Event): void {
    event.preventDefault();
    this.searchState.set(this.search.value.trim());
    void this.router.navigateByUrl('/patients');
  }
}
