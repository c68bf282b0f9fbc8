import { Transform } from 'class-transformer';

/** `a, b,c` → `['a', 'b', 'c']`: a comma-separated environment variable as a list. */
export function CommaList(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : value,
  );
}

/** `'42'` → `42`: a numeric environment variable (anything else is left for validation to reject). */
export function Integer(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value !== '' ? Number(value) : value));
}
