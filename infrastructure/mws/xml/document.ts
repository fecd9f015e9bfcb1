/**
 * Amazon's response documents (MWS-AND-IPN.md §2), built with fast-xml-parser's XMLBuilder.
 * Text is escaped by the builder; characters XML 1.0 cannot carry are replaced, so an echoed
 * input can never make a document ill-formed.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { MwsError } from '../errors.js';

export const NAMESPACE = 'http://mws.amazonservices.com/schema/OffAmazonPayments/2013-01-01';

/** An element's content: text, child elements (repeated when an array), or nothing (omitted). */
export type XmlValue = string | XmlElement | readonly XmlValue[] | undefined;
export interface XmlElement {
  readonly [name: string]: XmlValue;
}

const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xmlSafe = (text: string): string => text.replace(NOT_IN_XML, '\uFFFD');

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  tagValueProcessor: (_name: string, value: unknown) => (typeof value === 'string' ? xmlSafe(value) : String(value)),
});

function document(root: string, content: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: { '@_xmlns': NAMESPACE, ...content } }) as string}`;
}

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata><RequestId>…` */
export function successDocument(action: string, result: XmlElement | undefined, requestId: string): string {
  return document(`${action}Response`, { [`${action}Result`]: result ?? '', ResponseMetadata: { RequestId: requestId } });
}

export function errorDocument(error: MwsError, requestId: string): string {
  return document('ErrorResponse', { Error: { Type: error.type, Code: error.code, Message: error.message }, RequestId: requestId });
}
