/**
 * NotificationData's XML, parsed so that no entity is ever expanded: a document that declares a
 * DOCTYPE or an entity is refused before the parser sees it (billion laughs, external entities),
 * the parser's own entity processing stays off, and only XML's five predefined entities and
 * character references are decoded, by hand, in text values.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  readonly [name: string]: XmlValue;
}

export type XmlResult = { readonly ok: true; readonly document: XmlObject } | { readonly ok: false; readonly reason: string };

const DECLARATIONS = /<!DOCTYPE|<!ENTITY/i;
/** An `&` that starts no predefined entity or character reference: an undeclared entity. */
const UNDECLARED = /&(?!(?:lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/;
const REFERENCE = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeReferences(text: string): string {
  return text.replace(REFERENCE, (whole, name: string) => {
    if (!name.startsWith('#')) return PREDEFINED[name] ?? whole;
    const code = name.startsWith('#x') ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  tagValueProcessor: (_name: string, value: string) => decodeReferences(value),
});

export function parseXml(text: string): XmlResult {
  if (DECLARATIONS.test(text)) return { ok: false, reason: 'NotificationData declares a DOCTYPE or an entity: refused (no entity is ever expanded)' };
  if (UNDECLARED.test(text)) return { ok: false, reason: 'NotificationData refers to an undeclared entity' };
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { ok: false, reason: `NotificationData is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})` };
  let document: unknown;
  try {
    document = parser.parse(text);
  } catch (error) {
    return { ok: false, reason: `NotificationData cannot be parsed: ${(error as Error).message}` };
  }
  const isObject = typeof document === 'object' && document !== null && !Array.isArray(document);
  if (!isObject || Object.keys(document as object).length !== 1) return { ok: false, reason: 'NotificationData does not have exactly one root element' };
  return { ok: true, document: document as XmlObject };
}

/** The child element `name` when it occurs exactly once and has elements of its own. */
export function element(node: XmlValue | undefined, name: string): XmlObject | undefined {
  if (typeof node !== 'object' || Array.isArray(node)) return undefined;
  const child = Object.hasOwn(node, name) ? node[name] : undefined;
  return typeof child === 'object' && !Array.isArray(child) ? child : undefined;
}

/** The text of the child element `name` when it occurs exactly once; empty elements give ''. */
export function text(node: XmlValue | undefined, name: string): string | undefined {
  if (typeof node !== 'object' || Array.isArray(node)) return undefined;
  const child = Object.hasOwn(node, name) ? node[name] : undefined;
  return typeof child === 'string' ? child : undefined;
}

/** Like `text`, but an empty element counts as absent. */
export function nonEmptyText(node: XmlValue | undefined, name: string): string | undefined {
  const value = text(node, name);
  return value === undefined || value === '' ? undefined : value;
}
