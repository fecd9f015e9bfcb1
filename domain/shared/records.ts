/**
 * Lookups in the id-keyed records of the state. Seller reference ids may be any of
 * `A-Za-z0-9-_`, so `constructor` or `__proto__` are valid keys: only own properties count.
 */

export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function put<T>(record: Readonly<Record<string, T>>, key: string, value: T): Readonly<Record<string, T>> {
  // A computed key defines an own property even for '__proto__' (no prototype change).
  return { ...record, [key]: value };
}

export function update<T>(record: Readonly<Record<string, T>>, key: string, change: (value: T) => T): Readonly<Record<string, T>> {
  const value = own(record, key);
  return value === undefined ? record : put(record, key, change(value));
}

/** The record without `key` (a new object; the others' own properties kept). */
export function without<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!Object.hasOwn(record, key)) return record;
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}
