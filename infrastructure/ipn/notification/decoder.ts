/**
 * The SNS body → a typed notification (MWS-AND-IPN.md §3.2). The inner `Message` is Amazon
 * Pay's JSON; its `NotificationData` is XML, parsed by `parseXml` (no DOCTYPE, no entities).
 * The inner `Timestamp` is ignored: real samples print it on a 12-hour clock.
 */
import type { DecodedNotification, DecodeResult, NotificationContent } from '../../../application/ipn/notification.js';
import type { NotificationDecoder } from '../../../application/ports/notification-decoder.js';
import { normalizeInstant } from '../instant.js';
import { parseEnvelope } from '../sns/envelope.js';
import { contentOf } from './content.js';
import { parseXml } from './xml.js';

type Inner = Readonly<Record<string, unknown>>;

const refuse = (reason: string): DecodeResult => ({ ok: false, reason });
const stringField = (inner: Inner, name: string): string | undefined => (typeof inner[name] === 'string' && inner[name] !== '' ? (inner[name] as string) : undefined);

function innerMessage(message: string): Inner | undefined {
  try {
    const parsed: unknown = JSON.parse(message);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Inner) : undefined;
  } catch {
    return undefined;
  }
}

function content(inner: Inner, notificationType: string | undefined): NotificationContent | string {
  if (notificationType === undefined) return { kind: 'Unsupported', reason: 'the Message names no NotificationType' };
  const data = stringField(inner, 'NotificationData');
  if (data === undefined) return { kind: 'Unsupported', reason: `${notificationType} without NotificationData` };
  const xml = parseXml(data);
  if (!xml.ok) return xml.reason;
  const decoded = contentOf(notificationType, xml.document);
  const eventType = stringField(inner, 'EventType');
  return decoded.kind === 'BillingAgreement' && eventType !== undefined ? { ...decoded, eventType } : decoded;
}

export class AmazonNotificationDecoder implements NotificationDecoder {
  decode(body: string): DecodeResult {
    const parsed = parseEnvelope(body);
    if (!parsed.ok) return refuse(parsed.reason);
    const { envelope } = parsed;
    const snsTimestamp = normalizeInstant(envelope.Timestamp);
    if (snsTimestamp === undefined) return refuse(`Timestamp '${envelope.Timestamp}' is not an ISO-8601 instant`);
    const base = { snsType: envelope.Type, messageId: envelope.MessageId, snsTimestamp };
    if (envelope.Type !== 'Notification') {
      return { ok: true, notification: { ...base, isSample: false, content: { kind: 'Unsupported', reason: `SNS ${envelope.Type}: kept, not confirmed` } } };
    }
    const inner = innerMessage(envelope.Message);
    if (inner === undefined) {
      return { ok: true, notification: { ...base, isSample: false, content: { kind: 'Unsupported', reason: 'the Message is not Amazon Pay JSON' } } };
    }
    const notificationType = stringField(inner, 'NotificationType');
    const decoded = content(inner, notificationType);
    if (typeof decoded === 'string') return refuse(decoded);
    return { ok: true, notification: { ...base, ...this.identity(inner, notificationType), content: decoded } };
  }

  private identity(inner: Inner, notificationType: string | undefined): Omit<DecodedNotification, 'snsType' | 'messageId' | 'snsTimestamp' | 'content'> {
    const notificationReferenceId = stringField(inner, 'NotificationReferenceId');
    const sellerId = stringField(inner, 'SellerId');
    return {
      isSample: inner['IsSample'] === true || inner['IsSample'] === 'true',
      ...(notificationReferenceId === undefined ? {} : { notificationReferenceId }),
      ...(notificationType === undefined ? {} : { notificationType }),
      ...(sellerId === undefined ? {} : { sellerId }),
    };
  }
}
