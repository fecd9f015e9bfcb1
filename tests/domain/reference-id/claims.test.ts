import { suite } from 'uvu';
import { referenceIdDecider, type ClaimReferenceId, type ReferenceIdEvent } from '../../../domain/reference-id/index.js';
import { given } from '../../support/gwt.js';

const test = suite('seller reference ids');

const claim = (overrides: Partial<ClaimReferenceId> = {}): ClaimReferenceId => ({
  type: 'ClaimReferenceId',
  sellerId: 'A1SELLER',
  referenceId: 'ref-0001',
  kind: 'Authorization',
  fingerprint: '[["amount","1000 JPY"]]',
  objectId: 'S03-0000001-0000001-A000001',
  at: '2026-11-01T00:00:00.000Z',
  ...overrides,
});

const claimed: ReferenceIdEvent = { ...claim(), type: 'ReferenceIdClaimed' };

test('the first use of a reference id claims it for its operation', () => {
  given(referenceIdDecider, []).when(claim()).then([claimed]);
});

test('the same reference id with the same parameters is a repeat: nothing new', () => {
  given(referenceIdDecider, [claimed]).when(claim({ objectId: 'another-object' })).thenNothing();
});

test('the same reference id with other parameters is refused with DuplicateRequest', () => {
  given(referenceIdDecider, [claimed]).when(claim({ fingerprint: '[["amount","2000 JPY"]]' })).rejects('DuplicateRequest');
});

test('a reference id used by an authorization is refused for a capture with DuplicateReferenceId', () => {
  given(referenceIdDecider, [claimed]).when(claim({ kind: 'Capture' })).rejects('DuplicateReferenceId');
});

test.run();
