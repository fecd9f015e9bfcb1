/** SNS envelopes and Amazon Pay messages for tests, signed with a test certificate's key. */
import { sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringToSign, type SnsEnvelope } from '../../infrastructure/ipn/sns/envelope.js';
import type { TestCertificate } from './certificates.js';

export const FIXTURE_DIR = join(import.meta.dirname, '../fixtures/amazon-pay/ipn');
export const FIXTURES = ['billing-agreement-closed', 'order-reference', 'order-reference-2', 'payment-authorize', 'payment-capture', 'payment-refund'] as const;
export const fixture = (name: (typeof FIXTURES)[number]): string => readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8');

export type EnvelopeFields = Pick<SnsEnvelope, 'Message' | 'MessageId' | 'Timestamp'> & Partial<Pick<SnsEnvelope, 'Type' | 'TopicArn' | 'Subject' | 'SubscribeURL' | 'Token'>>;

/** An envelope signed by `certificate` (SignatureVersion 1 = SHA1, 2 = SHA256). */
export function signedEnvelope(fields: EnvelopeFields, certificate: TestCertificate, version: '1' | '2' = '1'): string {
  const unsigned = {
    Type: 'Notification' as const,
    TopicArn: 'arn:aws:sns:us-east-1:598607868003:A341L3VCFKNMIYA0677458196RUTCRWHDJQ',
    ...fields,
    SignatureVersion: version,
    Signature: '',
    SigningCertURL: certificate.url,
  };
  const signature = sign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256', Buffer.from(stringToSign(unsigned), 'utf8'), certificate.key);
  return JSON.stringify({ ...unsigned, Signature: signature.toString('base64') }, null, 2);
}

export interface BillingAgreementFact {
  readonly notificationReferenceId: string;
  readonly billingAgreementId: string;
  readonly state: string;
  readonly reasonCode?: string;
  readonly reasonDescription?: string;
  readonly lastUpdateTimestamp: string;
  readonly eventType?: string;
}

const element = (name: string, value: string | undefined): string => (value === undefined ? '' : `<${name}>${value}</${name}>`);

/** NotificationData of a BillingAgreementNotification, as Amazon writes it. */
export function billingAgreementXml(f: Omit<BillingAgreementFact, 'notificationReferenceId' | 'eventType'>, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><BillingAgreementNotification xmlns="https://mws.amazonservices.com/ipn/OffAmazonPayments/2013-01-01">
    <BillingAgreement><AmazonBillingAgreementId>${f.billingAgreementId}</AmazonBillingAgreementId>
      <BillingAgreementStatus>${element('State', f.state)}${element('LastUpdateTimestamp', f.lastUpdateTimestamp)}${element('ReasonCode', f.reasonCode)}${element('ReasonDescription', f.reasonDescription)}</BillingAgreementStatus>
      <BillingAgreementLimits><AmountLimitPerTimePeriod><Amount>500.0</Amount><CurrencyCode>USD</CurrencyCode></AmountLimitPerTimePeriod></BillingAgreementLimits>${extra}
    </BillingAgreement></BillingAgreementNotification>`;
}

export function amazonPayMessage(notificationType: string, notificationReferenceId: string, notificationData: string, more: Record<string, unknown> = {}): string {
  return JSON.stringify({ NotificationReferenceId: notificationReferenceId, MarketplaceID: '165580', NotificationType: notificationType, SellerId: 'A0677458196RUTCRWHDJQ', ReleaseEnvironment: 'Sandbox', Version: '2013-01-01', ...more, NotificationData: notificationData, Timestamp: '2014-12-02T09:10:30Z' });
}

/** An unsigned envelope: for the layers below verification. */
export function unsignedEnvelope(message: string, messageId: string, timestamp: string): string {
  return JSON.stringify({ Type: 'Notification', MessageId: messageId, TopicArn: 'arn:aws:sns:us-east-1:1:T', Message: message, Timestamp: timestamp, SignatureVersion: '1', Signature: 'AA==', SigningCertURL: 'https://sns.us-east-1.amazonaws.com/x.pem' });
}

/** An unsigned envelope of a BA notification; `extraXml` goes inside <BillingAgreement>. */
export function billingAgreementBody(f: BillingAgreementFact, extraXml = ''): string {
  const message = amazonPayMessage('BillingAgreementNotification', f.notificationReferenceId, billingAgreementXml(f, extraXml), { EventType: f.eventType ?? 'BillingAgreementStatusUpdated' });
  return unsignedEnvelope(message, `msg-${f.notificationReferenceId}`, f.lastUpdateTimestamp);
}
