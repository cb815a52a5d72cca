/** Where the browser tests' server lives and leaves its accounts. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_PORT = Number(process.env.HALE_E2E_PORT ?? 8191);
/** HALE_E2E_PORT and HALE_E2E_RESULTS_DIR let two runs share a machine without meeting. */
export const RESULTS_DIR = process.env.HALE_E2E_RESULTS_DIR ?? fileURLToPath(new URL('../../test-results', import.meta.url));
export const E2E_DATA_DIR = path.join(RESULTS_DIR, 'e2e-server');
export const E2E_ACCOUNTS_FILE = path.join(E2E_DATA_DIR, 'accounts.json');
export const SCREENSHOT_DIR = path.join(RESULTS_DIR, 'screenshots');

export interface E2eAccount {
  username: string;
  password: string;
  id?: string;
  totpSecret?: string;
}

export interface E2eAccounts {
  baseUrl: string;
  /** A demo patient the doctor cares for, and the patient account's own record. */
  patientId: string;
  practitionerId: string;
  users: Record<string, E2eAccount>;
}
