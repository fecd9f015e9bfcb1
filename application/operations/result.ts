/** What an operation answers: the objects it touched, or a domain rejection (a value, never thrown). */
import type { JsonValue, Rejection } from '../../domain/shared/decision.js';

export type OperationResult<T> =
  | { readonly kind: 'accepted'; readonly value: T; readonly repeated: boolean }
  | { readonly kind: 'rejected'; readonly rejection: Rejection };

export const accepted = <T>(value: T, repeated = false): OperationResult<T> => ({ kind: 'accepted', value, repeated });

export function rejected<T>(code: string, message: string, details?: { readonly [key: string]: JsonValue }): OperationResult<T> {
  return { kind: 'rejected', rejection: details === undefined ? { code, message } : { code, message, details } };
}

export const fromRejection = <T>(rejection: Rejection): OperationResult<T> => ({ kind: 'rejected', rejection });
