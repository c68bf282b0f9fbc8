import 'reflect-metadata';
import { runAgencyAdapter } from '@hub/agency-kit';
import { MFA_ADAPTER } from './mfa-adapter.definition.js';

await runAgencyAdapter(MFA_ADAPTER);
