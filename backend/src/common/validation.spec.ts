import { describe, expect, it } from '@jest/globals';
import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors, unstorableText } from './validation.js';

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

describe(unstorableText.name, () => {
  it('lets ordinary text through, unicode and empty text included', () => {
    expect(unstorableText({ a: ['Zoë 😀', '', { b: null }], n: 1 }, 'body')).toBeUndefined();
  });

  it('names the string with a NUL or half a surrogate pair by its path', () => {
    expect(unstorableText({ items: [{ text: 'a\u0000b' }] }, 'body')).toEqual({
      field: 'items[0].text',
      message: expect.any(String),
    });
    expect(unstorableText({ x: '\ud800' }, 'body')?.field).toBe('x');
    expect(unstorableText({ x: 'a\udfffb' }, 'body')?.field).toBe('x');
    expect(unstorableText('\u0000', 'q')?.field).toBe('q');
  });
});
