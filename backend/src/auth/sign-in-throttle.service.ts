import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SignInFailuresRepository } from './sign-in-throttle.repository.js';

/**
 * Counts failed sign-ins per account and per address over a sliding window, in PostgreSQL so
 * that every API process sees the same counts.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    private readonly failuresRepo: SignInFailuresRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Seconds until the caller may try again, or 0. Blocked once the account already has
   * `loginMaxFailuresPerAccount` failures in the window (or the address its maximum): the
   * attempt after the last allowed failure is refused without checking the password.
   */
  async retryAfterSeconds(emailKey: string, address: string): Promise<number> {
    const wait = await this.failuresRepo.secondsUntilBelowLimit(emailKey, address, {
      minutes: this.config.loginWindowMinutes,
      maxPerAccount: this.config.loginMaxFailuresPerAccount,
      maxPerAddress: this.config.loginMaxFailuresPerAddress,
    });
    return wait > 0 ? Math.ceil(wait) : 0;
  }

  async recordFailure(emailKey: string, address: string): Promise<void> {
    await this.failuresRepo.insert(emailKey, address);
  }

  /**
   * A successful sign-in clears the account's count. Its rows leave the address's count too; the
   * address keeps the failures recorded against every other account.
   */
  async clearAccount(emailKey: string): Promise<void> {
    await this.failuresRepo.deleteAccount(emailKey);
  }

  /** Failures recorded under `emailKey` in the window (two-step sign-in tokens use their own key). */
  async failures(emailKey: string): Promise<number> {
    return this.failuresRepo.countInWindow(emailKey, this.config.loginWindowMinutes);
  }
}
