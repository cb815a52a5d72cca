/**
 * The elements stored encrypted (/api/v1/admin/sensitive-elements, docs/audit-and-encryption.md):
 * the built-in ones, the ones administrators marked, and how far the server has got applying
 * the last change to the records already stored.
 */
import { api } from '../../api/http.ts';
import type { EncryptionRule } from '../../../../src/crypto/encryption-rules.ts';
import type { ReindexProgressReport } from '../../../../src/fhir/store/reindex-requests.ts';

export type { EncryptionRule, ReindexProgressReport };

export interface SensitiveElements {
  builtIn: { resourceType: string; description: string }[];
  rules: EncryptionRule[];
  /** A change still being applied to stored records; null when every one is done. */
  applying: ReindexProgressReport | null;
}

const BASE = '/api/v1/admin/sensitive-elements';

export const SENSITIVE_ELEMENTS_KEY = ['admin', 'sensitive-elements'] as const;

export const fetchSensitiveElements = (signal?: AbortSignal) => api<SensitiveElements>(BASE, { signal });
export const markSensitive = (path: string) => api<EncryptionRule>(BASE, { method: 'POST', body: { path } });
export const unmarkSensitive = (rule: EncryptionRule) => api<void>(`${BASE}/${rule.id}`, { method: 'DELETE' });
