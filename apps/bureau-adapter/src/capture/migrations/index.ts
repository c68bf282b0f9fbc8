import { InstallChangeCapture1764730020000 } from './1764730020000-install-change-capture.js';
import { CaptureApplications1764960000000 } from './1764960000000-capture-applications.js';

/** The adapter's migrations in the BUREAU's database (change capture), kept in their own table `hub_capture_migrations`. */
export const CAPTURE_MIGRATIONS = [InstallChangeCapture1764730020000, CaptureApplications1764960000000];
export const CAPTURE_MIGRATIONS_TABLE = 'hub_capture_migrations';
