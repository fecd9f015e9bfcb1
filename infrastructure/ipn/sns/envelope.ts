/**
 * The SNS HTTP body (MWS-AND-IPN.md §3): a JSON object of strings. Parsed without trusting it;
 * the signature says whether it may be believed.
 */
export const SNS_MESSAGE_TYPES = ['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const;
export type SnsType = (typeof SNS_MESSAGE_TYPES)[number];

export interface SnsEnvelope {
  readonly Type: SnsType;
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly Timestamp: string;
  readonly SignatureVersion: string;
  readonly Signature: string;
  readonly SigningCertURL: string;
  readonly Subject?: string;
  readonly SubscribeURL?: string;
  readonly Token?: string;
  readonly UnsubscribeURL?: string;
}

export type EnvelopeResult = { readonly ok: true; readonly envelope: SnsEnvelope } | { readonly ok: false; readonly reason: string };

const REQUIRED = ['Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL'] as const;
const OPTIONAL = ['Subject', 'SubscribeURL', 'Token', 'UnsubscribeURL'] as const;

/** §3.1: the fields of the string to sign, in this order, each only when present. */
const NOTIFICATION_SIGNED = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const SUBSCRIPTION_SIGNED = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

export function signedFields(type: SnsType): readonly (keyof SnsEnvelope)[] {
  return type === 'Notification' ? NOTIFICATION_SIGNED : SUBSCRIPTION_SIGNED;
}

const isSnsType = (value: string): value is SnsType => (SNS_MESSAGE_TYPES as readonly string[]).includes(value);

function fieldsOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function parseEnvelope(body: string): EnvelopeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'the body is not JSON' };
  }
  const fields = fieldsOf(parsed);
  if (fields === undefined) return { ok: false, reason: 'the body is not a JSON object' };
  const missing = REQUIRED.find((name) => typeof fields[name] !== 'string');
  if (missing !== undefined) return { ok: false, reason: `the SNS field '${missing}' is missing or not a string` };
  const wrong = OPTIONAL.find((name) => name in fields && typeof fields[name] !== 'string');
  if (wrong !== undefined) return { ok: false, reason: `the SNS field '${wrong}' is not a string` };
  const type = fields['Type'] as string;
  if (!isSnsType(type)) return { ok: false, reason: `unknown SNS message Type '${type}'` };
  if (type !== 'Notification' && (typeof fields['SubscribeURL'] !== 'string' || typeof fields['Token'] !== 'string')) {
    return { ok: false, reason: `an SNS ${type} needs SubscribeURL and Token` };
  }
  const pick = (names: readonly string[]) => Object.fromEntries(names.filter((n) => typeof fields[n] === 'string').map((n) => [n, fields[n]]));
  return { ok: true, envelope: { ...pick(REQUIRED), ...pick(OPTIONAL) } as unknown as SnsEnvelope };
}

/** `name\nvalue\n` for each signed field present, in §3.1's order. */
export function stringToSign(envelope: SnsEnvelope): string {
  return signedFields(envelope.Type)
    .filter((name) => envelope[name] !== undefined)
    .map((name) => `${name}\n${envelope[name] ?? ''}\n`)
    .join('');
}
