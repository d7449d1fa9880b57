import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata, ValidationError } from '@nestjs/common';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { ValidationProblem } from './problems.js';
import { createValidationPipe, flattenValidationErrors, unstorableText } from './validation.js';

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

describe(createValidationPipe.name, () => {
  class Optional {
    @IsOptional()
    @IsInt()
    n?: number;
  }
  class Required {
    @IsString()
    q!: string;
  }
  const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

  it('answers an empty query string with a fresh instance of the DTO when nothing is required', async () => {
    const pipe = createValidationPipe();
    const first = await pipe.transform({}, query(Optional));
    const second = await pipe.transform({}, query(Optional));
    expect(first).toBeInstanceOf(Optional);
    expect(second).toBeInstanceOf(Optional);
    expect(second).not.toBe(first);
    // A query that is not empty is still validated.
    await expect(pipe.transform({ n: 'x' }, query(Optional))).rejects.toBeInstanceOf(ValidationProblem);
    await expect(pipe.transform({ other: '1' }, query(Optional))).rejects.toBeInstanceOf(ValidationProblem);
  });

  it('refuses an empty query string every time when the DTO requires a field', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++) {
      await expect(pipe.transform({}, query(Required))).rejects.toMatchObject({
        extras: { errors: [expect.objectContaining({ field: 'q' })] },
      });
    }
    expect(await pipe.transform({ q: 'knee' }, query(Required))).toEqual(
      Object.assign(new Required(), { q: 'knee' }),
    );
  });
});
