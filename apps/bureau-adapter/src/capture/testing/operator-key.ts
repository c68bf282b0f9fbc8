import { randomBytes } from 'node:crypto';

/** An operator key of the bureau adapter under test, fresh for each test file. */
export const TEST_OPERATOR_KEY = randomBytes(24).toString('hex');

/** The OPERATOR_API_KEYS setting that lists TEST_OPERATOR_KEY. */
export const TEST_OPERATOR_API_KEYS = `bureau-ops:${TEST_OPERATOR_KEY}`;

/** Headers that pass the bureau adapter's operator-key guard. */
export const operatorHeaders = (): Record<string, string> => ({ authorization: `Bearer ${TEST_OPERATOR_KEY}` });
