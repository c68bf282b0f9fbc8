import { addDays, validityEnd } from './seeded-random.js';
import type { DemoPermit, DemoPerson, DemoResidence } from './demo-person.types.js';
import { demoEmployer, DEMO_POSITIONS } from './demo-places.js';
import type { DemoHolder } from './demo-timeline.js';

const CARD_SERVICES = ['work-permit', 'visa', 'residence', 'medical', 'children-education', 'housing'] as const;

/** Issues the work permit (v2: validity, occupation, workplace) and returns it. */
export function issuePermit(
  p: DemoPerson,
  spec: { permitClass: 'A' | 'B' | 'C'; issuedOn: string; validFrom?: string; years: number; position?: (typeof DEMO_POSITIONS)[number] },
): DemoPermit | undefined {
  const { r, t, holder, employer, bureau, district } = p;
  const points = spec.permitClass === 'A' ? r.int(85, 130) : spec.permitClass === 'B' ? r.int(60, 84) : r.int(30, 59);
  const validFrom = spec.validFrom ?? spec.issuedOn;
  const permit = {
    permitNo: `${p.province.code}${spec.issuedOn.slice(0, 4)}${p.serial}`,
    permitClass: spec.permitClass,
    points,
    issuedOn: spec.issuedOn,
    validFrom,
    validTo: validityEnd(validFrom, spec.years),
  };
  const position = spec.position ?? r.pick(DEMO_POSITIONS);
  const published = t.emit(
    'permit-issued',
    'work-permit.issued',
    bureau,
    district,
    spec.issuedOn,
    {
      permitNo: permit.permitNo,
      permitClass: permit.permitClass,
      points,
      holder,
      employer,
      occupation: { title: position.title, code: position.code },
      workRegion: district,
      validity: { from: permit.validFrom, to: permit.validTo },
    },
    2,
  );
  return published ? permit : undefined;
}

/** The work-type residence permit on the permit; a few outlast it (an inconsistency for public security). */
export function issueResidence(p: DemoPerson, permit: DemoPermit, issuedOn: string): DemoResidence | undefined {
  const { r, t, holder, employer, psb, district } = p;
  const validTo = r.chance(0.06) ? addDays(permit.validTo, r.int(30, 180)) : permit.validTo;
  if (validTo <= issuedOn) return undefined;
  const residence = { permitNo: `R${p.province.code.slice(0, 2)}${p.ref.replaceAll('-', '')}`, issuedOn, validTo };
  const published = t.emit('residence-issued', 'residence-permit.issued', psb, district, issuedOn, {
    permitNo: residence.permitNo,
    holder,
    purpose: 'work',
    issuedOn,
    validFrom: issuedOn,
    validTo,
    workPermitNo: permit.permitNo,
    employer,
  });
  return published ? residence : undefined;
}

/** A talent service card for most class A and a few class B holders; some are suspended later. */
export function talentCard(p: DemoPerson, permit: DemoPermit): void {
  const { r, t, holder, employer, bureau, district } = p;
  const tier = permit.permitClass === 'A' && r.chance(0.7) ? 'A' : permit.permitClass === 'B' && r.chance(0.1) ? 'B' : undefined;
  if (!tier) return;
  const cardNo = `TC-${p.province.code}-${p.ref}`;
  const issuedOn = addDays(permit.issuedOn, r.int(10, 60));
  const services = CARD_SERVICES.filter((_, i) => i < 3 || r.chance(0.5));
  if (
    !t.emit('card-issued', 'talent-card.issued', bureau, district, issuedOn, {
      cardNo,
      holder,
      tier,
      workPermitNo: permit.permitNo,
      employer,
      issuedOn,
      validTo: permit.validTo,
      services,
    })
  )
    return;
  if (!r.chance(0.2)) return;
  const suspendedOn = addDays(issuedOn, r.int(30, 300));
  t.emit('card-suspended', 'talent-card.suspended', bureau, district, suspendedOn, {
    cardNo,
    holder,
    suspendedOn,
    reason: r.pick(['under-investigation', 'credit-record', 'eligibility-review'] as const),
    until: r.chance(0.5) ? addDays(suspendedOn, 90) : undefined,
  });
}

/** How a permit's story goes on after issue. */
export type PermitEnding = 'none' | 'revoked' | 'cancelled' | 'employer-change' | 'expire';

/**
 * The permit ends or changes (revoked, cancelled, expired, moved to another employer) or is
 * extended before it lapses. Returns the day it ended or changed, if it did.
 */
export function permitEnding(p: DemoPerson, permit: DemoPermit, ending: PermitEnding, breached: readonly string[]): string | undefined {
  const { r, t, holder, bureau, district } = p;
  const somewhen = addDays(permit.issuedOn, r.int(60, 420));
  const base = { permitNo: permit.permitNo, holder };
  switch (ending) {
    case 'revoked': {
      const commitmentNo = breached[0];
      const ok = t.emit('revoked', 'work-permit.revoked', bureau, district, somewhen, {
        ...base,
        revokedOn: somewhen,
        reason: commitmentNo ? 'breached-commitment' : r.pick(['false-materials', 'illegal-employment', 'criminal-offence'] as const),
        commitmentNo,
      });
      return ok ? somewhen : undefined;
    }
    case 'cancelled': {
      const ok = t.emit('cancelled', 'work-permit.cancelled', bureau, district, somewhen, {
        ...base,
        cancelledOn: somewhen,
        reason: r.pick(['employment-ended', 'holder-left-china', 'employer-request'] as const),
      });
      return ok ? somewhen : undefined;
    }
    case 'employer-change': {
      const ok = t.emit('changed', 'work-permit.changed', bureau, district, somewhen, {
        ...base,
        applicationNo: `WPC-${p.province.code}-${p.ref}`,
        effectiveOn: somewhen,
        changeKinds: ['employer'],
        employer: demoEmployer(p.province, r.int(24, 40)),
      });
      return ok ? somewhen : undefined;
    }
    case 'expire': {
      const expiredOn = addDays(permit.validTo, 1);
      return t.emit('expired', 'work-permit.expired', bureau, district, expiredOn, { ...base, expiredOn }) ? expiredOn : undefined;
    }
    case 'none': {
      const extendedOn = addDays(permit.validTo, -r.int(10, 40));
      t.emit('extended', 'work-permit.extended', bureau, district, extendedOn, {
        ...base,
        applicationNo: `WPX-${p.province.code}-${p.ref}`,
        extendedOn,
        previousValidTo: permit.validTo,
        validTo: validityEnd(addDays(permit.validTo, 1), r.int(1, 2)),
      });
      return undefined;
    }
    default: {
      const unknown: never = ending;
      return unknown;
    }
  }
}

/** Public security acts on a residence permit after the permit it rests on ended (or does not, yet). */
export function residenceAction(
  p: DemoPerson,
  tag: string,
  who: DemoHolder,
  residence: { permitNo: string; validTo?: string },
  endedOn: string,
  reason: 'work-permit-ended' | 'principal-permit-ended',
): void {
  const { r, t, psb, district } = p;
  const on = addDays(endedOn, r.int(3, 25));
  if (residence.validTo && r.chance(0.3) && addDays(on, 30) < residence.validTo) {
    t.emit(tag, 'residence-permit.shortened', psb, district, on, {
      permitNo: residence.permitNo,
      holder: who,
      shortenedOn: on,
      previousValidTo: residence.validTo,
      validTo: addDays(on, 30),
      reason: reason === 'work-permit-ended' ? 'employment-ended-early' : 'principal-permit-shortened',
    });
    return;
  }
  t.emit(tag, 'residence-permit.cancelled', psb, district, on, { permitNo: residence.permitNo, holder: who, cancelledOn: on, reason });
}
