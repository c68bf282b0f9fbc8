/**
 * `npm run mfa -- <command>`: foreign affairs' adapter commands (dead letters: list, redrive,
 * discard), run with the adapter's environment (DATABASE_URL).
 */
import 'reflect-metadata';
import { runAgencyAdapterCli } from '@hub/agency-kit';
import { MFA_ADAPTER } from './mfa-adapter.definition.js';

await runAgencyAdapterCli(MFA_ADAPTER);
