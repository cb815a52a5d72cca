/** An audit row as a FHIR R4 AuditEvent (read-only view of the chain). */
import type { ChainRow } from './audit-chain.ts';

const REST = 'http://hl7.org/fhir/restful-interaction';
const TYPES = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const HALE = 'https://hale.health/fhir/CodeSystem/audit-action';

/** Our action -> FHIR AuditEvent.action (C R U D E) and, where one fits, the REST interaction. */
const ACTIONS: Record<string, { code: 'C' | 'R' | 'U' | 'D' | 'E'; rest?: string }> = {
  read: { code: 'R', rest: 'read' },
  vread: { code: 'R', rest: 'vread' },
  search: { code: 'E', rest: 'search-type' },
  history: { code: 'R', rest: 'history-instance' },
  create: { code: 'C', rest: 'create' },
  update: { code: 'U', rest: 'update' },
  patch: { code: 'U', rest: 'patch' },
  delete: { code: 'D', rest: 'delete' },
  transaction: { code: 'E', rest: 'transaction' },
  export: { code: 'R' },
  print: { code: 'R' },
};

/** The REST interaction code for a row: searches and histories say at which level they ran. */
function restCode(row: ChainRow, rest: string | undefined): string | undefined {
  if (row.action === 'search') return row.resource_type ? 'search-type' : 'search-system';
  if (row.action === 'history') return row.resource_id ? 'history-instance' : row.resource_type ? 'history-type' : 'history-system';
  return rest;
}

/** Our action names a FHIR `subtype` search value stands for (a REST interaction code, or our own action name). */
export function actionsForSubtype(value: string): string[] {
  const code = value.includes('|') ? value.slice(value.indexOf('|') + 1) : value;
  if (code.startsWith('search-')) return ['search'];
  if (code.startsWith('history-')) return ['history'];
  return [code];
}

/** At most this many resources of one transaction are listed as entities (the CSV export has them all). */
const MAX_WRITTEN_ENTITIES = 1000;

/**
 * A transaction's record names the resources it wrote in its detail (`resources`, and the
 * version written of each in `versions`): each becomes an entity, with the version when known.
 */
function writtenEntities(detail: Record<string, unknown> | null): Record<string, unknown>[] {
  const resources = detail?.resources;
  if (!Array.isArray(resources)) return [];
  const versions = (detail?.versions ?? {}) as Record<string, unknown>;
  return resources.slice(0, MAX_WRITTEN_ENTITIES).map((ref) => {
    const version = versions[String(ref)];
    return {
      what: { reference: version === undefined ? String(ref) : `${String(ref)}/_history/${String(version)}` },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '4', display: 'Domain Resource' },
    };
  });
}

export function auditEventResource(row: ChainRow): Record<string, unknown> {
  const a = ACTIONS[row.action] ?? { code: 'E' as const };
  const rest = restCode(row, a.rest);
  const isRest = !!rest;
  const outcome = row.outcome === 'success' ? '0' : row.outcome === 'denied' ? '4' : '8';
  const entities: Record<string, unknown>[] = [];
  if (row.resource_type) {
    entities.push({
      what: row.resource_id ? { reference: `${row.resource_type}/${row.resource_id}` } : { display: row.resource_type },
      ...(row.query ? { query: Buffer.from(row.query).toString('base64') } : {}),
      ...(row.result_ids?.length ? { detail: [{ type: 'returned', valueString: row.result_ids.slice(0, 1000).join(' ') }] } : {}),
    });
  }
  const detail = row.detail as Record<string, unknown> | null;
  entities.push(...writtenEntities(detail));
  for (const p of row.patient_ids)
    entities.push({
      what: { reference: `Patient/${p}` },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
  return {
    resourceType: 'AuditEvent',
    id: row.seq,
    meta: { lastUpdated: new Date(row.recorded_at).toISOString() },
    type: isRest ? { system: TYPES, code: 'rest', display: 'RESTful Operation' } : { system: HALE, code: row.action },
    subtype: [isRest ? { system: REST, code: rest } : { system: HALE, code: row.action }],
    action: a.code,
    recorded: new Date(row.recorded_at).toISOString(),
    outcome,
    ...(detail?.reason ? { outcomeDesc: String(detail.reason) } : {}),
    agent: [
      {
        who: { identifier: { system: 'https://hale.health/fhir/sid/user', value: row.user_id } },
        ...(row.roles.length ? { role: row.roles.map((r) => ({ text: r })) } : {}),
        requestor: true,
        ...(row.ip ? { network: { address: row.ip, type: '2' } } : {}),
      },
    ],
    source: { observer: { display: 'Hale' }, ...(row.request_id ? { site: row.request_id } : {}) },
    ...(entities.length ? { entity: entities } : {}),
    ...(row.chain_pos
      ? { extension: [{ url: 'https://hale.health/fhir/StructureDefinition/audit-chain-position', valueString: row.chain_pos }] }
      : {}),
  };
}
