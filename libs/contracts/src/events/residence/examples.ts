import type { Person } from '../shared/person.js';

/** The child of the example person, for the family-member examples (fictional). */
export function exampleFamilyMember(): Person {
  return { passportNo: '19AB23456', nationality: 'FRA', birthDate: '2016-09-03', name: 'Léo Marchand' };
}
