/**
 * The clear content of recently read resources, by type, id and version, so that a read of
 * a version this process has already served skips its decryption and its transfer.
 *
 * A read still runs its one statement: the access check, the audit record, whether the
 * resource is deleted, and its current version all come from the database every time. The
 * statement is given the version held here and sends the content only when the current
 * version differs (resource-rows.ts, contentUnless), so several instances behind a load
 * balancer, each with its own cache, never serve a superseded version.
 *
 * Only content read outside a transaction is kept: a transaction sees its own uncommitted
 * versions, and a rolled-back version's number is written again later with other content.
 * A version's clear content never changes afterwards (key rotation re-encrypts the stored
 * text, not the values), so an entry needs no other invalidation. A database restored from a
 * backup under running servers numbers versions again: restart them after a restore.
 *
 * The entries hold sensitive values in clear, as every read does while it is answered. The
 * field keys sit in the same process memory, so whoever can read this memory can decrypt
 * the store anyway; the cache widens what lies in memory, not who can reach it.
 */

export interface CachedContent {
  versionId: number;
  /** The content as answered: sensitive values decrypted. */
  json: string;
}

export class ContentCache {
  private readonly entries = new Map<string, CachedContent>();
  private chars = 0;

  /** `maxChars`: the JSON text kept at most, in characters (entries are dropped oldest use first). */
  constructor(private readonly maxChars: number) {}

  /** The entry held for this resource, which becomes the most recently used. */
  get(resourceType: string, id: string): CachedContent | undefined {
    const k = key(resourceType, id);
    const entry = this.entries.get(k);
    if (entry) {
      this.entries.delete(k);
      this.entries.set(k, entry);
    }
    return entry;
  }

  put(resourceType: string, id: string, versionId: number, json: string): void {
    if (json.length > this.maxChars / 4) return; // one huge resource must not empty the cache
    const k = key(resourceType, id);
    const old = this.entries.get(k);
    if (old) {
      if (old.versionId > versionId) return; // a slower read of an older version
      this.chars -= old.json.length;
      this.entries.delete(k);
    }
    this.entries.set(k, { versionId, json });
    this.chars += json.length;
    for (const [oldest, entry] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= entry.json.length;
    }
  }

  get size(): { entries: number; chars: number } {
    return { entries: this.entries.size, chars: this.chars };
  }
}

const key = (resourceType: string, id: string) => `${resourceType}/${id}`;
