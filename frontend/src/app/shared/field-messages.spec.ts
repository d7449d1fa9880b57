import { FormControl, Validators } from '@angular/forms';

import {
  datePattern,
  fieldError,
  fixArticles,
  humanize,
  plainFieldErrors,
  plainFieldMessage,
  plainWords,
  SERVER_ERROR,
} from './field-messages';

describe('field messages', () => {
  describe(datePattern.name, () => {
    it.each([
      ['en-US', 'mm/dd/yyyy'],
      ['en-GB', 'dd/mm/yyyy'],
      ['de-DE', 'dd.mm.yyyy'],
    ])('%s shows dates as %s', (locale, pattern) => {
      expect(datePattern(locale)).toBe(pattern);
    });
  });

  describe(plainFieldMessage.name, () => {
    it.each([
      [
        'dateOfBirth must be a date as YYYY-MM-DD',
        'Date of birth',
        'dateOfBirth',
        'Enter the date of birth as mm/dd/yyyy.',
      ],
      [
        'dateOfBirth must be a date as YYYY-MM-DD, from 1900-01-01 and not in the future',
        'Date of birth',
        'dateOfBirth',
        'Enter the date of birth as mm/dd/yyyy: from 1900 on, and not in the future.',
      ],
      [
        'each value in goals must be longer than or equal to 1 characters',
        'Goals',
        'goals',
        'Each goal needs some text.',
      ],
      [
        'lastName must be shorter than or equal to 100 characters',
        'Last name',
        'lastName',
        'Last name: at most 100 characters.',
      ],
      [
        'plannedVisits must not be greater than 100',
        'Planned visits',
        'plannedVisits',
        'Planned visits: at most 100.',
      ],
      ['plannedWeeks must not be less than 1', 'Planned weeks', 'plannedWeeks', 'Planned weeks: at least 1.'],
      ['email must be an email', 'Email', 'email', 'Enter an email address such as name@example.com.'],
      ['startDate must not be after today', 'Start date', 'startDate', 'Start date must not be after today.'],
      ['A initial evaluation needs goals', 'Goals', 'goals', 'An initial evaluation needs goals.'],
    ])('%s → %s', (message, label, field, plain) => {
      expect(plainFieldMessage(message, label, field)).toBe(plain);
    });
  });

  it('fixes "a initial evaluation" and leaves "a user" alone', () => {
    expect(fixArticles('A initial evaluation or a re-evaluation, a user, a episode')).toBe(
      'An initial evaluation or a re-evaluation, a user, an episode',
    );
  });

  it('writes "1 draft visit" and "2 draft visits", not "draft visit(s)"', () => {
    expect(plainWords('The episode has 1 draft visit(s); sign or delete them before discharge.')).toBe(
      'The episode has 1 draft visit; sign or delete them before discharge.',
    );
    expect(plainWords('The episode has 2 draft visit(s).')).toBe('The episode has 2 draft visits.');
  });

  it('names fields in words when a form gives no label, and puts goals[2] on goals', () => {
    expect(humanize('dateOfBirth')).toBe('Date of birth');
    const plain = plainFieldErrors(
      {
        type: '/problems/validation',
        title: 'Invalid',
        status: 400,
        errors: [
          {
            field: 'goals[2]',
            message: 'each value in goals must be shorter than or equal to 500 characters',
          },
        ],
      },
      { goals: 'Goals' },
    );
    expect(plain?.errors).toEqual([{ field: 'goals', message: 'Each goal: at most 500 characters.' }]);
  });

  describe(fieldError.name, () => {
    it('says what is wrong with the value, not "Enter the …" for a value that is too long', () => {
      const name = new FormControl('x'.repeat(101), [Validators.required, Validators.maxLength(100)]);
      expect(fieldError(name, 'Last name')).toBe('Last name: at most 100 characters.');
      name.setValue('');
      expect(fieldError(name, 'Last name')).toBe('Enter the last name.');
      const born = new FormControl('', [Validators.required]);
      expect(fieldError(born, 'Date of birth', { date: true })).toBe(
        'Enter the date of birth as mm/dd/yyyy.',
      );
      born.setErrors({ [SERVER_ERROR]: 'Date of birth must not be in the future.' });
      expect(fieldError(born, 'Date of birth', { date: true })).toBe(
        'Date of birth must not be in the future.',
      );
    });
  });
});
