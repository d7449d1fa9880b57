import { describe, expect, it } from '@jest/globals';
import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation.js';

describe(flattenValidationErrors.name, () => {
  it('names nested and array fields by their path, and unknown fields plainly', () => {
    const errors: ValidationError[] = [
      { property: 'email', constraints: { isEmail: 'email must be an email' }, children: [] },
      {
        property: 'extra',
        constraints: { whitelistValidation: 'property extra should not exist' },
        children: [],
      },
      {
        property: 'measurements',
        children: [
          {
            property: '0',
            children: [{ property: 'value', constraints: { max: 'value must not exceed 10' } }],
          },
        ],
      },
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'email', message: 'email must be an email' },
      { field: 'extra', message: 'Unknown field.' },
      { field: 'measurements[0].value', message: 'value must not exceed 10' },
    ]);
  });
});
