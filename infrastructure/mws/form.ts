/**
 * Parameters of an MWS request from its form-encoded body or query string, decoded strictly:
 * malformed escapes, bytes that are not UTF-8, characters XML cannot carry and a parameter given
 * twice are input errors (never a 500).
 */
export type ParsedForm =
  | { readonly ok: true; readonly params: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly message: string };

const MAX_PARAMETERS = 200;
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** C0 controls other than tab, newline and carriage return, and U+FFFE/U+FFFF: not allowed in XML 1.0. */
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

class FormError extends Error {}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** '+' is a space; %XX is one byte; the bytes must be UTF-8. */
function decodeComponent(bytes: Uint8Array): string {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x2b) out.push(0x20);
    else if (byte !== 0x25) out.push(byte);
    else {
      const high = hexValue(bytes[i + 1]);
      const low = hexValue(bytes[i + 2]);
      if (high < 0 || low < 0) throw new FormError('a malformed %-escape');
      out.push(high * 16 + low);
      i += 2;
    }
  }
  try {
    return utf8.decode(new Uint8Array(out));
  } catch {
    throw new FormError('bytes that are not UTF-8');
  }
}

function splitOn(bytes: Uint8Array, separator: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === separator) {
      parts.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  return parts;
}

function addPair(params: Map<string, string>, pair: Uint8Array): void {
  const at = pair.indexOf(0x3d);
  const name = decodeComponent(at < 0 ? pair : pair.subarray(0, at));
  const value = at < 0 ? '' : decodeComponent(pair.subarray(at + 1));
  if (name === '') throw new FormError('a parameter without a name');
  if (NOT_IN_XML.test(name) || NOT_IN_XML.test(value)) throw new FormError(`characters XML cannot carry in parameter ${JSON.stringify(name)}`);
  if (params.has(name)) throw new FormError(`parameter ${JSON.stringify(name)} more than once`);
  params.set(name, value);
}

/** Parses one or more form-encoded sources (body, query string) into one set of parameters. */
export function parseForm(...sources: readonly Uint8Array[]): ParsedForm {
  const params = new Map<string, string>();
  try {
    for (const source of sources) {
      for (const pair of splitOn(source, 0x26)) {
        if (pair.length === 0) continue;
        addPair(params, pair);
        if (params.size > MAX_PARAMETERS) throw new FormError(`more than ${MAX_PARAMETERS} parameters`);
      }
    }
  } catch (error) {
    if (error instanceof FormError) return { ok: false, message: `The request could not be read: it contains ${error.message}.` };
    throw error;
  }
  return { ok: true, params };
}
