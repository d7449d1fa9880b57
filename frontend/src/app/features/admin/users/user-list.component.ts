import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { Router, RouterLink } from '@angular/router';
import type { ClinicUserView, Page, Role, UpdateUserDto } from '@stride/api';
import { finalize, startWith, Subject, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { IconComponent } from '../../../shared/icon.component';
import { RolesPipe } from '../../../shared/roles.pipe';
import { LOADING, type Loadable, loadable } from '../../../shared/loadable';
import { httpStatus, problemSentence } from '../../../shared/problem';
import { AdminNoticeService } from '../admin-notice.service';
import { BreakableComponent } from '../breakable.component';
import { UserActiveDialogComponent, type UserActiveDialogData } from './user-active-dialog.component';
import { UserRolesDialogComponent, type UserRolesDialogData } from './user-roles-dialog.component';
import { USER_PAGE_SIZE, UsersApi } from '../../../core/api/users.api';

/** The clinic's users: roles, active, two-step sign-in; create, change roles, deactivate and reactivate. */
@Component({
  selector: 'stride-user-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BreakableComponent, IconComponent, MatButtonModule, MatPaginatorModule, RolesPipe, RouterLink],
  templateUrl: './user-list.component.html',
  styleUrls: ['../admin.scss', './user-list.component.scss'],
})
export class UserListComponent {
  private readonly api = inject(UsersApi);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly pageSize = USER_PAGE_SIZE;
  protected readonly meId = computed(() => this.auth.user()?.id ?? null);
  protected readonly result = signal<Loadable<Page<ClinicUserView>>>(LOADING);
  /** The rows on screen (kept while the next page loads, updated in place after a change). */
  protected readonly page = signal<Page<ClinicUserView> | null>(null);
  protected readonly loading = computed(() => this.result().state === 'loading');
  /**
   * The id of the user whose change is being saved. Its buttons stay enabled (a disabled button
   * would drop the focus the closing dialog gives back to it); clicks wait until it is done.
   */
  protected readonly saving = signal<string | null>(null);
  protected readonly alert = signal<string | null>(null);
  protected readonly notice = signal<string | null>(inject(AdminNoticeService).take());

  private readonly loads = new Subject<number>();

  constructor() {
    this.loads
      .pipe(
        startWith(1),
        switchMap((page) => loadable(this.api.list(page), problemSentence)),
        takeUntilDestroyed(),
      )
      .subscribe((state) => {
        this.result.set(state);
        if (state.state === 'ready') {
          this.page.set(state.value);
        }
      });
  }

  protected onPage(event: PageEvent): void {
    this.loads.next(event.pageIndex + 1);
  }

  protected reload(): void {
    this.loads.next(this.page()?.page ?? 1);
  }

  protected changeRoles(user: ClinicUserView): void {
    if (this.saving()) {
      return;
    }
    const data: UserRolesDialogData = { user, self: user.id === this.meId() };
    this.dialog
      .open<UserRolesDialogComponent, UserRolesDialogData, Role[]>(UserRolesDialogComponent, {
        data,
        width: '520px',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .subscribe((roles) => {
        if (roles) {
          this.save(user, { roles }, (saved) => `${saved.fullName}’s roles were changed.`);
        }
      });
  }

  protected toggleActive(user: ClinicUserView): void {
    if (this.saving()) {
      return;
    }
    const data: UserActiveDialogData = { user, self: user.id === this.meId() };
    this.dialog
      .open<UserActiveDialogComponent, UserActiveDialogData, boolean>(UserActiveDialogComponent, {
        data,
        width: '520px',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .subscribe((confirmed) => {
        if (confirmed) {
          this.save(user, { active: !user.active }, (saved) =>
            saved.active
              ? `${saved.fullName} was reactivated and can sign in again.`
              : `${saved.fullName} was deactivated; their sessions ended.`,
          );
        }
      });
  }

  private save(user: ClinicUserView, change: UpdateUserDto, done: (saved: ClinicUserView) => string): void {
    this.saving.set(user.id);
    this.alert.set(null);
    this.notice.set(null);
    this.api
      .update(user, change)
      .pipe(finalize(() => this.saving.set(null)))
      .subscribe({
        next: (saved) => {
          this.replace(saved);
          this.notice.set(done(saved));
          if (saved.id === this.meId()) {
            this.afterOwnChange(saved);
          }
        },
        error: (error: unknown) => this.failed(user, error),
      });
  }

  private failed(user: ClinicUserView, error: unknown): void {
    switch (httpStatus(error)) {
      case 412:
        this.alert.set(
          `Someone else changed ${user.fullName} after this list was loaded, so nothing was saved. ` +
            'The row now shows their latest details: check them and try again.',
        );
        this.api
          .get(user.id)
          .subscribe({ next: (latest) => this.replace(latest), error: () => this.reload() });
        return;
      case 404:
        this.alert.set(`${user.fullName} no longer exists in this clinic.`);
        this.reload();
        return;
      default:
        // 409 (the last active admin), 400, 403…: the API's own sentence.
        this.alert.set(problemSentence(error));
    }
  }

  private replace(user: ClinicUserView): void {
    this.page.update(
      (page) => page && { ...page, items: page.items.map((u) => (u.id === user.id ? user : u)) },
    );
  }

  /** Your own account changed: deactivated ends this session; other changes refresh it. */
  private afterOwnChange(saved: ClinicUserView): void {
    if (!saved.active) {
      void this.auth.signOut().then(() => this.router.navigateByUrl('/sign-in'));
      return;
    }
    this.auth.refresh().subscribe({
      next: () => {
        if (!saved.roles.includes('admin')) {
          void this.router.navigateByUrl('/');
        }
      },
      error: () => void this.router.navigateByUrl('/sign-in'),
    });
  }
}
