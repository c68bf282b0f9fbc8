import { describe, expect, it } from '@jest/globals';
import { type CodeList } from '../../code-lists/code-list.js';
import { findContract } from '../catalogue.js';
import type { EventContract } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { ACCEPTANCE_MODES, CANCELLATION_REASONS, PERMIT_CHANGE_KINDS, REVOCATION_REASONS } from './code-lists.js';
import { WORK_PERMIT_APPLICATION_ACCEPTED_V1 } from './work-permit-application-accepted.v1.js';
import { WORK_PERMIT_APPLICATION_SUBMITTED_V1 } from './work-permit-application-submitted.v1.js';
import { WORK_PERMIT_CANCELLED_V1 } from './work-permit-cancelled.v1.js';
import { WORK_PERMIT_CHANGED_V1 } from './work-permit-changed.v1.js';
import { WORK_PERMIT_DOCUMENTS_SUPPLIED_V1 } from './work-permit-documents-supplied.v1.js';
import { WORK_PERMIT_EXPIRED_V1 } from './work-permit-expired.v1.js';
import { WORK_PERMIT_EXTENDED_V1 } from './work-permit-extended.v1.js';
import { WORK_PERMIT_NOTICE_ISSUED_V1 } from './work-permit-notice-issued.v1.js';
import { WORK_PERMIT_REVOKED_V1 } from './work-permit-revoked.v1.js';
import { envelopeFrom, rulesBroken, withChanges } from '../../testing/contract-spec-harness.js';

const CONTRACTS: EventContract[] = [
  WORK_PERMIT_APPLICATION_SUBMITTED_V1,
  WORK_PERMIT_APPLICATION_ACCEPTED_V1,
  WORK_PERMIT_DOCUMENTS_SUPPLIED_V1,
  WORK_PERMIT_NOTICE_ISSUED_V1,
  WORK_PERMIT_EXTENDED_V1,
  WORK_PERMIT_CHANGED_V1,
  WORK_PERMIT_CANCELLED_V1,
  WORK_PERMIT_REVOKED_V1,
  WORK_PERMIT_EXPIRED_V1,
];

const LISTS: CodeList[] = [ACCEPTANCE_MODES, PERMIT_CHANGE_KINDS, CANCELLATION_REASONS, REVOCATION_REASONS];

const SENDER = { agency: 'bureau-310000', time: '2026-03-02T09:30:00+08:00' };

/** A full envelope from the Shanghai bureau around the contract's example with `changes` applied (undefined leaves a field out). */
function anEvent(contract: EventContract, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return envelopeFrom(SENDER, contract.type, withChanges(contract.example(), changes));
}

describe('work-permit lifecycle events v1', () => {
  it.each(CONTRACTS.map((contract): [string, EventContract] => [contract.type, contract]))(
    '%s is in the catalogue, and its example passes and identifies the holder',
    (type, contract) => {
      expect(findContract(type, 1)).toBe(contract);
      expect(contract.publishers).toEqual(['bureau']);
      expect(rulesBroken(anEvent(contract))).toEqual([]);
      expect(contract.identify?.(contract.example())).toEqual(examplePerson());
    },
  );

  it.each(LISTS.map((list): [string, CodeList] => [list.name, list]))(
    'the %s list has unique codes, each with Chinese and English labels',
    (_name, list) => {
      const codes = list.entries.map((entry) => entry.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const entry of list.entries) {
        expect(entry.zh).toMatch(/\p{Script=Han}/u);
        expect(entry.en).toMatch(/[A-Za-z]/);
      }
      expect(list.version).toBe(1);
    },
  );
});

describe('work-permit.application-submitted v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(WORK_PERMIT_APPLICATION_SUBMITTED_V1, changes);

  it('takes the application number as a reference number of at most 40 characters', () => {
    expect(rulesBroken(event({ applicationNo: 'wp-310000-1' }))).toEqual(['data.applicationNo:matches']);
    expect(rulesBroken(event({ applicationNo: 'W'.repeat(41) }))).toEqual(['data.applicationNo:matches']);
    expect(rulesBroken(event({ applicationNo: 'W'.repeat(40) }))).toEqual([]);
  });

  it('takes the requested class from the permit-class list', () => {
    expect(rulesBroken(event({ requestedClass: 'A' }))).toEqual([]);
    expect(rulesBroken(event({ requestedClass: 'D' }))).toEqual(['data.requestedClass:isInCodeList']);
  });

  it('says whether the foreigner applies from inside China as a boolean, always', () => {
    expect(rulesBroken(event({ inChina: true }))).toEqual([]);
    expect(rulesBroken(event({ inChina: 'yes' }))).toEqual(['data.inChina:isBoolean']);
    expect(rulesBroken(event({ inChina: undefined }))).toEqual(['data.inChina:isBoolean']);
  });

  it('requires a real submission date', () => {
    expect(rulesBroken(event({ submittedOn: '2026-02-30' }))).toEqual(['data.submittedOn:isCalendarDate']);
  });
});

describe('work-permit.application-accepted v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(WORK_PERMIT_APPLICATION_ACCEPTED_V1, changes);
  const commitment = { kind: 'work-experience', commitmentNo: 'CM-310000-2026-000045', signedOn: '2026-01-05', verifyBy: '2026-04-05' };

  it('accepts each mode: complete without lists, missing documents, and commitments', () => {
    expect(rulesBroken(event({ mode: 'complete', missingDocuments: undefined }))).toEqual([]);
    expect(rulesBroken(event({ mode: 'commitment', missingDocuments: undefined, commitments: [commitment] }))).toEqual([]);
  });

  it('takes the mode from the acceptance-mode list', () => {
    expect(rulesBroken(event({ mode: 'partial' }))).toEqual(['data.mode:isInCodeList']);
  });

  it('checks every missing document: a document kind and a real due date', () => {
    const missingDocuments = [
      { kind: 'criminal-record', dueDate: '2026-02-06' },
      { kind: 'diploma', dueDate: '2026-02-31' },
    ];
    expect(rulesBroken(event({ missingDocuments }))).toEqual([
      'data.missingDocuments[1].kind:isInCodeList',
      'data.missingDocuments[1].dueDate:isCalendarDate',
    ]);
  });

  it('leaves the lists out rather than sending them empty, null or oversized', () => {
    expect(rulesBroken(event({ missingDocuments: [] }))).toEqual(['data.missingDocuments:arrayMinSize']);
    expect(rulesBroken(event({ mode: 'commitment', missingDocuments: undefined, commitments: [] }))).toEqual([
      'data.commitments:arrayMinSize',
    ]);
    expect(rulesBroken(event({ missingDocuments: null }))).toEqual(
      expect.arrayContaining(['data.missingDocuments:isDefined', 'data.missingDocuments:isArray']),
    );
    const nine = Array.from({ length: 9 }, () => ({ kind: 'photo', dueDate: '2026-02-06' }));
    expect(rulesBroken(event({ missingDocuments: nine }))).toEqual(['data.missingDocuments:arrayMaxSize']);
  });

  it('takes missing documents as objects, not bare codes', () => {
    expect(rulesBroken(event({ missingDocuments: ['criminal-record'] }))).toContain('data.missingDocuments[0]:nestedValidation');
  });

  it('checks every commitment: replaced document kind, commitment number, verification after signature', () => {
    const commitments = [{ ...commitment, kind: 'diploma', commitmentNo: 'cm 45', verifyBy: '2026-01-05' }];
    expect(rulesBroken(event({ mode: 'commitment', missingDocuments: undefined, commitments }))).toEqual([
      'data.commitments[0].kind:isInCodeList',
      'data.commitments[0].commitmentNo:matches',
      'data.commitments[0].verifyBy:isAfterProperty',
    ]);
  });
});

describe('work-permit.documents-supplied v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(WORK_PERMIT_DOCUMENTS_SUPPLIED_V1, changes);

  it('requires at least one supplied document', () => {
    expect(rulesBroken(event({ documents: [] }))).toEqual(['data.documents:arrayMinSize']);
    expect(rulesBroken(event({ documents: undefined }))).toEqual(
      expect.arrayContaining(['data.documents:isDefined', 'data.documents:isArray']),
    );
  });

  it('checks every supplied document: a document kind and a real date', () => {
    const documents = [{ kind: 'medical-report', suppliedOn: '28/01/2026' }];
    expect(rulesBroken(event({ documents }))).toEqual([
      'data.documents[0].kind:isInCodeList',
      'data.documents[0].suppliedOn:isCalendarDate',
    ]);
  });
});

describe('work-permit.notice-issued v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(WORK_PERMIT_NOTICE_ISSUED_V1, changes);

  it('supports a Z visa, or an R visa, and no other', () => {
    expect(rulesBroken(event({ permitClass: 'A', points: 92, visaCategory: 'R' }))).toEqual([]);
    expect(rulesBroken(event({ visaCategory: 'M' }))).toEqual(['data.visaCategory:isIn']);
    expect(rulesBroken(event({ visaCategory: 'W' }))).toEqual(['data.visaCategory:isIn', 'data.visaCategory:isInCodeList']);
  });

  it('is valid until a day after the day it was issued', () => {
    expect(rulesBroken(event({ validUntil: '2026-02-10' }))).toEqual(['data.validUntil:isAfterProperty']);
    expect(rulesBroken(event({ validUntil: '2026-02-11' }))).toEqual([]);
  });

  it('takes notice and application numbers as reference numbers, and the class from the permit-class list', () => {
    expect(rulesBroken(event({ noticeNo: 'n/2026/456', applicationNo: '' }))).toEqual([
      'data.noticeNo:matches',
      'data.applicationNo:matches',
    ]);
    expect(rulesBroken(event({ permitClass: 'D' }))).toEqual(['data.permitClass:isInCodeList']);
  });
});

describe('work-permit.extended v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(WORK_PERMIT_EXTENDED_V1, changes);

  it('moves the last day of validity later', () => {
    expect(rulesBroken(event({ validTo: '2028-02-29' }))).toEqual(['data.validTo:isAfterProperty']);
  });

  it('extends a permit on or before its previous last day, never after it expired', () => {
    expect(rulesBroken(event({ extendedOn: '2028-02-29' }))).toEqual([]);
    expect(rulesBroken(event({ extendedOn: '2028-03-01' }))).toEqual(['data.previousValidTo:isNotBeforeProperty']);
  });

  it('takes an 18-digit permit number, and the application number only when there was one', () => {
    expect(rulesBroken(event({ applicationNo: undefined }))).toEqual([]);
    expect(rulesBroken(event({ permitNo: '31000020260000123' }))).toEqual(['data.permitNo:matches']);
  });
});

describe('work-permit.changed v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(WORK_PERMIT_CHANGED_V1, changes);

  it('records a passport replacement with the previous passport number, or a class change with the new class', () => {
    const passport = { changeKinds: ['passport'], employer: undefined, position: undefined, previousPassportNo: 'D98765432' };
    expect(rulesBroken(event(passport))).toEqual([]);
    expect(rulesBroken(event({ ...passport, previousPassportNo: 'd-987' }))).toEqual(['data.previousPassportNo:matches']);
    const permitClass = { changeKinds: ['permit-class'], employer: undefined, position: undefined, permitClass: 'A' };
    expect(rulesBroken(event(permitClass))).toEqual([]);
    expect(rulesBroken(event({ ...permitClass, permitClass: 'AA' }))).toEqual(['data.permitClass:isInCodeList']);
  });

  it('names at least one change, each from the change-kind list', () => {
    expect(rulesBroken(event({ changeKinds: [] }))).toEqual(['data.changeKinds:arrayMinSize']);
    expect(rulesBroken(event({ changeKinds: ['employer', 'salary'] }))).toEqual(['data.changeKinds:isInCodeList']);
    expect(rulesBroken(event({ changeKinds: 'employer' }))).toContain('data.changeKinds:isArray');
    expect(rulesBroken(event({ changeKinds: ['position', 'employer', 'position'] }))).toEqual(['data.changeKinds:arrayUnique']);
    expect(rulesBroken(event({ changeKinds: Array.from({ length: 6 }, () => 'position') }))).toEqual([
      'data.changeKinds:arrayUnique',
      'data.changeKinds:arrayMaxSize',
    ]);
  });

  it('checks the new employer like any employer', () => {
    expect(rulesBroken(event({ employer: { creditCode: '9131', name: '上海示例新材料有限公司' } }))).toEqual([
      'data.employer.creditCode:matches',
    ]);
  });
});

describe('work-permit.cancelled v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(WORK_PERMIT_CANCELLED_V1, changes);

  it('accepts every cancellation reason, with or without remarks', () => {
    for (const { code } of CANCELLATION_REASONS.entries) {
      expect(rulesBroken(event({ reason: code, remarks: code === 'other' ? '持证人转为永久居留' : undefined }))).toEqual([]);
    }
  });

  it('takes the reason from the cancellation-reason list and remarks as printable text', () => {
    expect(rulesBroken(event({ reason: 'breached-commitment' }))).toEqual(['data.reason:isInCodeList']);
    expect(rulesBroken(event({ remarks: '' }))).toEqual(['data.remarks:isNotEmpty']);
    expect(rulesBroken(event({ remarks: 'left\u0000China' }))).toEqual(['data.remarks:hasNoControlCharacters']);
    expect(rulesBroken(event({ remarks: 'x'.repeat(501) }))).toEqual(['data.remarks:maxLength']);
  });

  it('requires a real cancellation date', () => {
    expect(rulesBroken(event({ cancelledOn: '2027-13-01' }))).toEqual(['data.cancelledOn:isCalendarDate']);
  });
});

describe('work-permit.revoked v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(WORK_PERMIT_REVOKED_V1, changes);

  it('accepts every revocation reason, the commitment and remarks being optional', () => {
    for (const { code } of REVOCATION_REASONS.entries) {
      expect(rulesBroken(event({ reason: code, commitmentNo: undefined, remarks: undefined }))).toEqual([]);
    }
  });

  it('takes the reason from the revocation-reason list and the commitment number as a reference number', () => {
    expect(rulesBroken(event({ reason: 'employment-ended' }))).toEqual(['data.reason:isInCodeList']);
    expect(rulesBroken(event({ commitmentNo: 'CM 45' }))).toEqual(['data.commitmentNo:matches']);
  });
});

describe('work-permit.expired v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(WORK_PERMIT_EXPIRED_V1, changes);

  it('requires an 18-digit permit number and a real expiry date', () => {
    expect(rulesBroken(event({ permitNo: 'WP310000202600001234', expiredOn: '2028-02-30' }))).toEqual([
      'data.permitNo:matches',
      'data.expiredOn:isCalendarDate',
    ]);
  });

  it('has nothing beyond the permit, the holder and the date', () => {
    expect(rulesBroken(event({ validTo: '2028-02-29' }))).toEqual(['data.validTo:unknownField']);
  });
});
