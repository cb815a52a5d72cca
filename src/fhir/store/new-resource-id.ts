/**
 * The id the server gives a new resource: a time-ordered UUID (version 7, RFC 9562).
 *
 * Why not a random (version 4) UUID: the store's B-tree indexes are keyed by resource id
 * (the resource and history keys, each search table's rows by resource, and the token index,
 * whose entries are ordered by id within each code for id-ordered first pages). Random ids
 * put every new entry on a random leaf page of each of those indexes, so a create touched
 * a scattered set of pages that grows with the store. Time-ordered ids append at the end
 * of each range, on pages already in memory. Measured on PostgreSQL at 18,000 Patients
 * (EXPLAIN ANALYZE of the coalesced write of 16 benchmark Patients): 930-1,030 µs of
 * database time per create with random ids, 690-780 µs with time-ordered ones, most of the
 * difference in the token index (400 -> 170 µs).
 *
 * The id stays opaque to clients (FHIR ids carry no meaning). It does reveal the creation
 * time to the millisecond, which the first version's meta.lastUpdated already shows.
 */
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

// uuid's own source of randomness asks the OS (getRandomValues) on every call, about 5 µs
// here; 16 bytes from a pooled buffer filled 256 ids at a time cost a fraction of that.
const POOL_BYTES = 16 * 256;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

export function newResourceId(): string {
  if (used === POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const random = pool.subarray(used, (used += 16));
  return v7({ random });
}
