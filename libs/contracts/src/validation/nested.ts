import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';

type Constructor = new () => object;

/** Nested contract classes by owning class and property, filled in by @Nested. */
const nestedTypes = new WeakMap<object, Map<string, () => Constructor>>();

/**
 * A required nested object (or array of objects) validated against its own class. Registers the
 * class for `instantiate`, which builds validator-ready instances several times faster than
 * class-transformer's generic plainToInstance (the hot path of every publish), and keeps the
 * class-transformer metadata too, so either can read the contract.
 */
export function Nested(type: () => Constructor, options: { each?: boolean } = {}): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    const byProperty = nestedTypes.get(target.constructor) ?? new Map<string, () => Constructor>();
    byProperty.set(String(property), type);
    nestedTypes.set(target.constructor, byProperty);
    IsDefined()(target, property);
    IsObject({ each: options.each })(target, property);
    ValidateNested({ each: options.each })(target, property);
    Type(type)(target, property);
  };
}

/** The contract class of a property declared with @Nested, if any. */
export function nestedTypeOf(owner: object, property: string): Constructor | undefined {
  return nestedTypes.get(owner)?.get(property)?.();
}

/** A copy of `plain` whose objects carry their contract classes' prototypes, ready for class-validator. */
export function instantiate(type: Constructor, plain: unknown): unknown {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return plain;
  const instance = Object.assign(new type(), plain) as Record<string, unknown>;
  const nested = nestedTypes.get(type);
  if (nested) {
    for (const [property, nestedType] of nested) {
      const value = instance[property];
      instance[property] = Array.isArray(value) ? value.map((item) => instantiate(nestedType(), item)) : instantiate(nestedType(), value);
    }
  }
  return instance;
}
