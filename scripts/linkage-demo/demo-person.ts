import { demoApplication } from './demo-application.js';
import { DEMO_NATIONALITIES, DEMO_PROVINCES, demoEmployer } from './demo-places.js';
import type { DemoPerson, DemoResidence } from './demo-person.types.js';
import { issuePermit, issueResidence, permitEnding, residenceAction, talentCard, type PermitEnding } from './demo-permit-life.js';
import { annualStays, creditViolation, latestTaxYear, taxYears, type TaxProfile } from './demo-tax-credit.js';
import { Timeline, type DemoEvent, type DemoHolder } from './demo-timeline.js';
import { addDays, SeededRandom } from './seeded-random.js';

/** One principal's events and how many family members came with them. */
export interface DemoPersonEvents {
  readonly events: readonly DemoEvent[];
  readonly familyMembers: number;
}

/**
 * The events of the index-th person of a data set: most applied within the two years before
 * `until` (application, permit, residence, items, endings); one in ten has lived in China for years
 * (tax years for permanent residence). Only the seed, `until` and the index decide what happens.
 */
export function demoPerson(seed: number, until: string, index: number): DemoPersonEvents {
  const r = new SeededRandom('linkage-demo', seed, until, index);
  const province = r.weighted(DEMO_PROVINCES.map((entry) => [entry, entry.share] as const));
  const nationality = r.pick(DEMO_NATIONALITIES);
  const seedTag = seed.toString(36).toUpperCase();
  const idx = String(index).padStart(6, '0');
  const holder = {
    passportNo: `${nationality.code.charAt(0)}${seedTag}D${idx}`,
    nationality: nationality.code,
    birthDate: `${r.int(1965, 1998)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
    name: `${r.pick(nationality.family)}, ${r.pick(nationality.given)}`,
  };
  const p: DemoPerson = {
    r,
    t: new Timeline(`linkage-demo|${seed}|${until}|${index}`, `linkage-demo-${seed}-${index}`, until),
    province,
    district: r.pick(province.districts),
    nationality,
    holder,
    employer: demoEmployer(province, r.int(0, 23)),
    bureau: `bureau-${province.code}`,
    psb: `psb-${province.code}`,
    ref: `${seedTag}-${idx}`,
    serial: `${String(seed % 100).padStart(2, '0')}${idx}`,
    start: addDays(until, -730),
  };
  const familyMembers = r.chance(0.1) ? longResident(p) : newcomer(p);
  return { events: p.t.events, familyMembers };
}

function newcomer(p: DemoPerson): number {
  const { r } = p;
  const application = demoApplication(p, addDays(p.start, r.int(0, 670)));
  const ending = r.weighted<PermitEnding>([
    ['none', 62],
    ['revoked', 5],
    ['cancelled', 12],
    ['employer-change', 8],
    ['expire', 13],
  ]);
  const years = ending === 'expire' ? 1 : application.requestedClass === 'A' ? r.int(2, 3) : r.int(1, 2);
  const permit = issuePermit(p, {
    permitClass: application.requestedClass,
    issuedOn: application.readyOn,
    years,
    position: application.position,
  });
  if (!permit) return 0;
  talentCard(p, permit);
  const residence = issueResidence(p, permit, addDays(permit.issuedOn, r.int(7, 40)));
  const family = residence && r.chance(0.25) ? familyOf(p, residence) : [];
  if (r.chance(0.06)) creditViolation(p, permit);
  const latest = latestTaxYear(p.t.until);
  const fullYears = yearsBetween(Number(permit.validFrom.slice(0, 4)) + 1, Math.min(latest, Number(permit.validTo.slice(0, 4)) - 1));
  if (fullYears.length > 0 && r.chance(0.3)) taxYears(p, fullYears, 'ordinary');
  const endedOn = permitEnding(p, permit, ending, application.breached);
  if (endedOn) afterEnding(p, endedOn, residence, family);
  return family.length;
}

/** Someone with a permit since before the two years: four tax years to judge permanent residence on. */
function longResident(p: DemoPerson): number {
  const { r } = p;
  const latest = latestTaxYear(p.t.until);
  const profile = r.weighted<TaxProfile | 'permit-gap'>([
    ['meets-all', 55],
    ['tax-short', 15],
    ['year-missing', 15],
    ['permit-gap', 15],
  ]);
  const validFrom =
    profile === 'permit-gap' ? `${latest - 3}-03-01` : `${latest - 3 - r.int(1, 2)}-${String(r.int(1, 12)).padStart(2, '0')}-01`;
  const permit = issuePermit(p, { permitClass: r.chance(0.4) ? 'A' : 'B', issuedOn: validFrom, validFrom, years: 5 });
  if (!permit) return 0;
  talentCard(p, permit);
  permitEnding(p, permit, 'none', []);
  const residence = issueResidence(p, permit, addDays(validFrom, r.int(7, 40)));
  const family = residence && r.chance(0.3) ? familyOf(p, residence) : [];
  taxYears(p, yearsBetween(latest - 3, latest), profile === 'permit-gap' ? 'meets-all' : profile);
  annualStays(p, yearsBetween(latest - 3, latest));
  return family.length;
}

interface FamilyMember {
  readonly holder: DemoHolder;
  readonly permitNo: string;
}

/** A spouse and or children linked to the principal's residence permit. */
function familyOf(p: DemoPerson, residence: DemoResidence): FamilyMember[] {
  const { r, t, psb, district } = p;
  return Array.from({ length: r.int(1, 2) }, (_, k) => {
    const relationship = k === 0 && r.chance(0.6) ? 'spouse' : 'child';
    const holder = {
      passportNo: `${p.holder.passportNo}F${k + 1}`,
      nationality: p.holder.nationality,
      birthDate:
        relationship === 'spouse'
          ? `${r.int(1968, 1998)}-0${r.int(1, 9)}-1${r.int(0, 9)}`
          : `${r.int(2008, 2022)}-0${r.int(1, 9)}-2${r.int(0, 8)}`,
      name: `${p.holder.name.split(',')[0] ?? ''}, ${r.pick(p.nationality.given)}`,
    };
    const permitNo = `RF${p.province.code.slice(0, 2)}${p.ref.replaceAll('-', '')}${k + 1}`;
    const linkedOn = addDays(residence.issuedOn, r.int(0, 30));
    const linked = t.emit(`member-${k}-linked`, 'residence-permit.family-member-linked', psb, district, linkedOn, {
      permitNo,
      holder,
      principal: { person: p.holder, residencePermitNo: residence.permitNo, relationship },
      linkedOn,
    });
    return linked ? [{ holder, permitNo }] : [];
  }).flat();
}

/** Public security acts on most residence permits that rested on the ended permit, the principal's and the family's. */
function afterEnding(p: DemoPerson, endedOn: string, residence: DemoResidence | undefined, family: readonly FamilyMember[]): void {
  if (residence && p.r.chance(0.6)) residenceAction(p, 'residence-acted', p.holder, residence, endedOn, 'work-permit-ended');
  family.forEach((member, k) => {
    if (p.r.chance(0.5))
      residenceAction(p, `member-${k}-acted`, member.holder, { permitNo: member.permitNo }, endedOn, 'principal-permit-ended');
  });
}

function yearsBetween(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
