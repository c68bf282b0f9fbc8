import { AdminNotFoundError } from '../kernel/index.js';

export const agencyNotFound = (id: string): AdminNotFoundError =>
  new AdminNotFoundError(`Agency ${id}`, 'GET /v1/admin/agencies lists the agencies; onboard it first.');
