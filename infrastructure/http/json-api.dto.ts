/**
 * Request bodies of the JSON API, validated with class-validator. A body is plain JSON: nested
 * objects are validated as their own DTOs, and a problem names its field by path (`buyer.email`).
 */
import { getMetadataStorage, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, validateSync, IsBoolean } from 'class-validator';
import { MARKETPLACES } from '../../domain/policy.js';
import { CURRENCIES } from '../../domain/shared/money.js';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly field: string; readonly message: string };

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Copies the declared properties of a JSON object onto a new DTO and validates it. */
export function checkJson<T extends object>(Dto: new () => T, value: unknown, path = ''): Checked<T> {
  if (!isPlainObject(value)) return { ok: false, field: path === '' ? '(body)' : path, message: 'must be a JSON object' };
  const dto = new Dto();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(Dto, '', true, false)) {
    if (Object.hasOwn(value, m.propertyName)) Object.defineProperty(dto, m.propertyName, { value: value[m.propertyName], enumerable: true, writable: true });
  }
  const [first] = validateSync(dto, { stopAtFirstError: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (first === undefined) return { ok: true, value: dto };
  const field = path === '' ? first.property : `${path}.${first.property}`;
  return { ok: false, field, message: Object.values(first.constraints ?? {})[0] ?? 'is not valid' };
}

type Decorator = (target: object, property: string) => void;

/** Applies each property's class-validator decorators by calling them (works under any TypeScript loader, see mws/dto/common.dto.ts). */
function rules<T extends object>(Dto: new () => T, byProperty: { readonly [K in keyof T & string]?: readonly Decorator[] }): void {
  for (const [property, decorators] of Object.entries(byProperty) as [string, readonly Decorator[]][]) {
    for (const decorate of decorators) decorate(Dto.prototype, property);
  }
}

const optionalText = (max: number): Decorator[] => [IsOptional(), IsString(), MaxLength(max)];
const text = (min: number, max: number): Decorator[] => [IsString(), Length(min, max)];

export class MoneyBody {
  amount!: string;
  currency!: string;
}
rules(MoneyBody, {
  amount: [IsString(), Matches(/^\d{1,15}(\.\d{1,4})?$/, { message: 'amount must be a decimal string such as "19.80" or "1980"' })],
  currency: [IsIn(CURRENCIES)],
});

export class BuyerBody {
  name!: string;
  email!: string;
  phone?: string;
}
rules(BuyerBody, { name: text(1, 255), email: [IsEmail({}, { message: 'email must be an email address' }), MaxLength(255)], phone: optionalText(64) });

/** `buyer` is checked as a BuyerBody of its own. */
/** `sellerId` may be left out: it is the API key's seller (another one is refused). */
export class CreateAgreementBody {
  sellerId?: string;
  marketplace!: string;
  amazonBillingAgreementId?: string;
  releaseEnvironment?: string;
  requiresShipping?: boolean;
}
rules(CreateAgreementBody, {
  sellerId: [IsOptional(), IsString(), Matches(/^[A-Z0-9]{1,32}$/, { message: 'sellerId must be 1 to 32 characters of A-Z 0-9' })],
  marketplace: [IsIn(MARKETPLACES)],
  amazonBillingAgreementId: [IsOptional(), IsString(), Matches(/^[BC]0[123]-\d{7}-\d{7}$/, { message: 'amazonBillingAgreementId must look like C03-1234567-1234567' })],
  releaseEnvironment: [IsOptional(), IsIn(['Sandbox', 'Live'])],
  requiresShipping: [IsOptional(), IsBoolean()],
});

export class PaymentMethodBody {
  descriptor!: string;
}
rules(PaymentMethodBody, { descriptor: text(1, 255) });

export class AddressBody {
  name?: string;
  addressLine1!: string;
  addressLine2?: string;
  addressLine3?: string;
  city!: string;
  county?: string;
  district?: string;
  stateOrRegion?: string;
  postalCode!: string;
  countryCode!: string;
  phone?: string;
}
rules(AddressBody, {
  name: optionalText(255),
  addressLine1: text(1, 255),
  addressLine2: optionalText(255),
  addressLine3: optionalText(255),
  city: text(1, 255),
  county: optionalText(255),
  district: optionalText(255),
  stateOrRegion: optionalText(255),
  postalCode: text(1, 32),
  countryCode: [IsString(), Matches(/^[A-Z]{2}$/, { message: 'countryCode must be two upper-case letters (ISO 3166)' })],
  phone: optionalText(64),
});

/** `price` is checked as a MoneyBody of its own (also in PlanChangeBody). */
export class PlanBody {
  planId!: string;
  anchorDay!: number;
}
rules(PlanBody, { planId: text(1, 64), anchorDay: [IsInt(), Min(1), Max(31)] });

export class PlanChangeBody {
  planId!: string;
  policy!: string;
}
rules(PlanChangeBody, { planId: text(1, 64), policy: [IsIn(['days', 'seconds'])] });

export class PauseBody {
  reason?: string;
}
rules(PauseBody, { reason: optionalText(255) });

export class SpendingQuery {
  month!: string;
}
rules(SpendingQuery, { month: [Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })] });

export class DashboardQuery {
  month?: string;
}
rules(DashboardQuery, { month: [IsOptional(), Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })] });
