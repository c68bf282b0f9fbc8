import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

type Constructor = new () => object;
type StoredMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** Whether an instance of a contract class passes every rule of its class, nested classes included. */
export type CompiledCheck = (instance: object) => boolean;

interface Rule {
  readonly metadata: StoredMetadata;
  readonly validate: (value: unknown, args: ValidationArguments) => unknown;
}

interface PropertyPlan {
  readonly name: string;
  readonly conditions: readonly ((object: object, value: unknown) => boolean)[];
  /** IsDefined first, then the other rules, as class-validator runs them. */
  readonly rules: readonly Rule[];
  readonly nested: boolean;
}

interface ClassPlan {
  readonly known: ReadonlySet<string>;
  readonly properties: readonly PropertyPlan[];
}

const plans = new WeakMap<object, ClassPlan>();

/**
 * The check of a contract class compiled from its class-validator metadata: the same rules, run on
 * the same values in the same way as `validateSync` with the contracts' strict options (whitelist,
 * forbidNonWhitelisted, forbidUnknownValues), but looked up once per class instead of on every
 * call and without building error objects. It only says pass or fail; the issues of a failure come
 * from class-validator itself, so what a publisher is told never depends on this file. A metadata
 * type it does not know (async rules) fails compilation instead of being skipped.
 */
export function compiledCheckOf(type: Constructor): CompiledCheck {
  return (instance) => passes(planOf(type), instance);
}

function planOf(type: object): ClassPlan {
  let plan = plans.get(type);
  if (!plan) {
    plan = compile(type);
    plans.set(type, plan);
  }
  return plan;
}

function compile(type: object): ClassPlan {
  const storage = getMetadataStorage();
  // The arguments validateSync passes (no schema name, no groups, `always` and `strictGroups` off).
  const metadata = storage.getTargetValidationMetadatas(type as Constructor, undefined as unknown as string, false, false, undefined);
  const grouped = storage.groupByPropertyName(metadata);
  const properties: PropertyPlan[] = [];
  for (const [name, items] of Object.entries(grouped)) {
    const conditions: ((object: object, value: unknown) => boolean)[] = [];
    const defined: Rule[] = [];
    const custom: Rule[] = [];
    let nested = false;
    for (const item of items) {
      switch (item.type) {
        case ValidationTypes.IS_DEFINED:
          defined.push(...rulesOf(item));
          break;
        case ValidationTypes.CUSTOM_VALIDATION:
          custom.push(...rulesOf(item));
          break;
        case ValidationTypes.CONDITIONAL_VALIDATION:
          conditions.push(item.constraints[0] as (object: object, value: unknown) => boolean);
          break;
        case ValidationTypes.NESTED_VALIDATION:
          nested = true;
          break;
        case ValidationTypes.WHITELIST:
          break;
        default:
          throw new Error(`${(type as Constructor).name}.${name}: validation type ${item.type} has no compiled form`);
      }
    }
    properties.push({ name, conditions, rules: [...defined, ...custom], nested });
  }
  return { known: new Set(Object.keys(grouped).filter((name) => (grouped[name]?.length ?? 0) > 0)), properties };
}

function rulesOf(metadata: StoredMetadata): Rule[] {
  return getMetadataStorage()
    .getTargetValidatorConstraints(metadata.constraintCls)
    .filter((constraint) => !constraint.async) // validateSync ignores async rules
    .map((constraint) => {
      const instance = constraint.instance as { validate: Rule['validate'] };
      return { metadata, validate: instance.validate.bind(instance) };
    });
}

function passes(plan: ClassPlan, object: object): boolean {
  // forbidUnknownValues: an object of a class without rules is refused.
  if (plan.properties.length === 0) return false;
  for (const key of Object.keys(object)) if (!plan.known.has(key)) return false;
  const record = object as Record<string, unknown>;
  for (const property of plan.properties) {
    const value = record[property.name];
    if (!property.conditions.every((condition) => condition(object, value))) continue;
    for (const rule of property.rules) if (!rulePasses(rule, object, value)) return false;
    if (property.nested && !nestedPasses(value)) return false;
  }
  return true;
}

function rulePasses({ metadata, validate }: Rule, object: object, value: unknown): boolean {
  if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
  const args: ValidationArguments = {
    targetName: object.constructor.name,
    property: metadata.propertyName,
    object,
    value,
    constraints: metadata.constraints,
  };
  if (metadata.each && isCollection(value)) return itemsOf(value).every((item) => verdict(validate(item, args)));
  return verdict(validate(value, args));
}

/** A rule that answers with a promise is one validateSync does not wait for; deciding here would guess, so it fails (and class-validator decides). */
function verdict(result: unknown): boolean {
  return Boolean(result) && !(result instanceof Promise);
}

function nestedPasses(value: unknown): boolean {
  if (value === undefined) return true;
  if (isCollection(value)) return itemsOf(value).every(nestedPasses);
  if (value instanceof Object) return passes(planOf(value.constructor), value);
  return false;
}

function isCollection(value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> {
  return Array.isArray(value) || value instanceof Set || value instanceof Map;
}

function itemsOf(value: unknown[] | Set<unknown> | Map<unknown, unknown>): unknown[] {
  return Array.isArray(value) ? value : [...value.values()];
}
