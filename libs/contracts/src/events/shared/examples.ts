import type { Employer, Person } from './person.js';

/** The person every published example is about (fictional). */
export function examplePerson(): Person {
  return { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Élodie Marchand' };
}

/** The employer of the published examples (fictional; a well-formed unified social credit code). */
export function exampleEmployer(): Employer {
  return { creditCode: '91310000MA1FL4XXXX', name: '上海示例科技有限公司' };
}
