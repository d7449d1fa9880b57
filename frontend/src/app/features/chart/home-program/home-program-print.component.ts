import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { todayIn } from '@stride/clinical';
import { combineLatest, map, of, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { IconComponent } from '../../../shared/icon.component';
import { LOADING, loadable, valueOf } from '../../patients/loadable';
import { formatCalendarDate, fullName } from '../../patients/patient-format';
import { PatientsApi } from '../../patients/patients-api.service';
import { ChartApi } from '../chart-api.service';
import { formatVisitDate } from '../chart-math';
import { doseText } from '../home-program-format';

/**
 * A handout a patient can take home: clinic, patient, date, and each exercise with its
 * instructions and dose. On paper (styles.scss `@media print`) only the handout is printed.
 */
@Component({
  selector: 'stride-home-program-print',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatButtonModule, RouterLink],
  templateUrl: './home-program-print.component.html',
  styleUrls: ['./home-program-print.component.scss', '../../patients/button-icon.scss'],
})
export class HomeProgramPrintComponent {
  readonly patientId = input.required<string>();
  readonly episodeId = input.required<string>();

  private readonly chartApi = inject(ChartApi);
  private readonly patientsApi = inject(PatientsApi);
  protected readonly user = inject(AuthService).user;

  private readonly timeZone = computed(() => this.user()?.clinic.timezone ?? 'UTC');
  protected readonly printedOn = computed(() => formatCalendarDate(todayIn(this.timeZone())));
  protected readonly dose = doseText;
  protected readonly fullName = fullName;

  protected readonly data = toSignal(
    combineLatest([toObservable(this.patientId), toObservable(this.episodeId)]).pipe(
      switchMap(([patientId, episodeId]) =>
        loadable(
          combineLatest([
            this.patientsApi.get(patientId),
            this.chartApi.episode(episodeId),
            this.chartApi.homeProgram(episodeId),
          ]).pipe(map(([patient, episode, program]) => ({ patient, episode, program }))),
        ),
      ),
    ),
    { initialValue: LOADING },
  );

  /** The date of the visit the programme comes from. */
  protected readonly source = toSignal(
    toObservable(computed(() => valueOf(this.data())?.program.visitId ?? null)).pipe(
      switchMap((visitId) => (visitId ? this.chartApi.visit(visitId) : of(null))),
      map((visit) => (visit ? formatVisitDate(visit.visitDate, this.timeZone()) : null)),
    ),
    { initialValue: null },
  );

  protected readonly therapistIsMe = computed(
    () => valueOf(this.data())?.episode.therapistId === this.user()?.id,
  );

  protected print(): void {
    window.print();
  }
}
