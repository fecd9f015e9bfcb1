/**
 * The building blocks of the MWS request DTOs: every parameter arrives as a string; these
 * class-validator decorators say which strings are acceptable (Amazon's limits) with messages
 * naming the parameter. `rules` applies them to a DTO class by calling them, rather than with
 * `@` syntax, so the DTOs work under any TypeScript loader (legacy decorators need the project's
 * tsconfig, which a loader started elsewhere does not read).
 */
import { IsDefined, IsIn, IsOptional, Matches, MaxLength, registerDecorator, type ValidationArguments } from 'class-validator';
import { CURRENCIES, isCurrency, parseAmount } from '../../../domain/shared/money.js';

/** Amazon's ids: `C01-1234567-1234567`, `S01-…-A000001`; loosely, so that an unknown id is a 404, not a 400. */
const AMAZON_ID = /^[A-Za-z0-9-]{1,64}$/;
const REFERENCE_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** Whole minutes, 0–1440. */
const TIMEOUT = /^(?:0|[1-9]\d{0,2}|1[0-3]\d\d|14[0-3]\d|1440)$/;

export type Decorator = (target: object, property: string) => void;

/** Applies each property's decorators to the class, as `@` syntax on its fields would. */
export function rules<T extends object>(Dto: new () => T, byProperty: { readonly [K in keyof T & string]?: readonly Decorator[] }): void {
  for (const [property, decorators] of Object.entries(byProperty) as [string, readonly Decorator[]][]) {
    for (const decorate of decorators) decorate(Dto.prototype, property);
  }
}

function all(...decorators: Decorator[]): Decorator {
  return (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };
}

export const Required = (): Decorator => IsDefined({ message: 'The request must contain the parameter $property.' });

export const AmazonId = (): Decorator => Matches(AMAZON_ID, { message: '$property must be an Amazon id such as C01-1234567-1234567.' });

export const ReferenceId = (): Decorator => Matches(REFERENCE_ID, { message: '$property must be 1 to 32 characters of A-Z a-z 0-9 - _.' });

export const Text = (max: number): Decorator => all(IsOptional(), MaxLength(max, { message: `$property must be at most ${max} characters.` }));

export const BooleanText = (): Decorator => all(IsOptional(), IsIn(['true', 'false'], { message: '$property must be true or false.' }));

export const Timeout = (): Decorator => all(IsOptional(), Matches(TIMEOUT, { message: '$property must be whole minutes from 0 to 1440.' }));

export const CurrencyCode = (): Decorator => IsIn(CURRENCIES, { message: `$property must be one of ${CURRENCIES.join(', ')}.` });

/** A positive decimal amount with at most the decimals of the currency named by `currencyProperty`. */
export function AmountIn(currencyProperty: string): Decorator {
  return (target, property) =>
    registerDecorator({
      name: 'amountIn',
      target: target.constructor,
      propertyName: property,
      constraints: [currencyProperty],
      options: { message: `$property must be a positive decimal amount with at most the decimals of ${currencyProperty} (e.g. 10.00 USD, 500 JPY).` },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const currency = (args.object as Record<string, unknown>)[currencyProperty];
          // A bad currency is reported on its own parameter.
          if (!isCurrency(currency)) return true;
          if (typeof value !== 'string' || value.length > 24) return false;
          const parsed = parseAmount(value, currency);
          return parsed.ok && parsed.value.amount > 0;
        },
      },
    });
}

export const Amount = (currencyProperty: string): Decorator => all(Required(), AmountIn(currencyProperty));

/** Parameters every operation may carry besides the authentication ones. */
export class MwsRequest {
  MWSAuthToken?: string;
}

const MWS_AUTH_TOKEN = /^amzn\.mws\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
rules(MwsRequest, { MWSAuthToken: [IsOptional(), Matches(MWS_AUTH_TOKEN, { message: 'MWSAuthToken must look like amzn.mws.<uuid>.' })] });
