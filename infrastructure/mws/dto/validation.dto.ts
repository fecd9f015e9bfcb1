/** Fills a request DTO from the parsed parameters and validates it with class-validator. */
import { getMetadataStorage, validateSync } from 'class-validator';

export interface RequestProblem {
  readonly code: 'MissingParameter' | 'InvalidParameterValue';
  readonly parameter: string;
  readonly message: string;
}

/** The parameters a DTO class declares (those with a validation decorator). */
function declared(Dto: new () => object): ReadonlySet<string> {
  return new Set(getMetadataStorage().getTargetValidationMetadatas(Dto, '', true, false).map((m) => m.propertyName));
}

/**
 * Copies the declared parameters onto a new instance; undeclared ones (Amazon clients send
 * more than this engine reads, and `constructor` or `__proto__` must stay data) are left out.
 */
export function toDto<T extends object>(Dto: new () => T, params: ReadonlyMap<string, string>): T {
  const dto = new Dto();
  for (const name of declared(Dto)) {
    const value = params.get(name);
    if (value !== undefined) Object.defineProperty(dto, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return dto;
}

/** The first problem, a missing parameter before an invalid one, as Amazon reports one error at a time. */
export function problemWith(dto: object): RequestProblem | undefined {
  const errors = validateSync(dto, { stopAtFirstError: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  const missing = errors.find((e) => e.constraints?.['isDefined'] !== undefined);
  const first = missing ?? errors[0];
  if (first === undefined) return undefined;
  const message = Object.values(first.constraints ?? {})[0] ?? `${first.property} is not valid.`;
  return { code: missing ? 'MissingParameter' : 'InvalidParameterValue', parameter: first.property, message };
}
