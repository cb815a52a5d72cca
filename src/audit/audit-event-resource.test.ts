/**
 * Audit rows as FHIR R4 AuditEvent: every action maps to a resource the R4 validator
 * accepts, with the standard codes where they fit, and a subtype search finds what the
 * resources show.
 */
import { describe, expect, it } from 'vitest';
import { resourceValidationIssues } from '../fhir/validation/validate-resource.ts';
import type { ChainRow } from './audit-chain.ts';
import { actionsForSubtype, auditEventResource } from './audit-event-resource.ts';

function row(fields: Partial<ChainRow> = {}): ChainRow {
  return {
    seq: '42',
    recorded_at: '2026-11-23T10:15:30.123Z',
    user_id: 'u-1',
    roles: ['doctor'],
    action: 'read',
    outcome: 'success',
    resource_type: 'Observation',
    resource_id: 'obs-1',
    patient_ids: ['p-1'],
    query: null,
    result_ids: null,
    ip: '10.0.0.7',
    user_agent: 'browser',
    request_id: 'req-1',
    detail: null,
    chain_pos: '9000000000',
    hash: 'h',
    ...fields,
  };
}

const ACTIONS = [
  'read',
  'vread',
  'search',
  'history',
  'create',
  'update',
  'patch',
  'delete',
  'transaction',
  'export',
  'print',
  'break-glass',
  'login',
  'login-failed',
  'logout',
  'permission-denied',
  'account',
  'key-rotation',
];

describe('auditEventResource', () => {
  it.each(ACTIONS)('maps %s to a valid R4 AuditEvent', (action) => {
    const r = auditEventResource(row({ action, query: action === 'search' ? 'code=1234-5&_count=10' : null, detail: { reason: 'why' } }));
    expect(resourceValidationIssues(r)).toEqual([]);
  });

  it('uses the REST interaction codes and C/R/U/D/E, and the outcome codes 0/4/8', () => {
    const ev = (fields: Partial<ChainRow>) => auditEventResource(row(fields)) as any;
    expect(ev({ action: 'read' })).toMatchObject({
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
      action: 'R',
      outcome: '0',
      recorded: '2026-11-23T10:15:30.123Z',
    });
    expect(ev({ action: 'create', outcome: 'denied' })).toMatchObject({ action: 'C', outcome: '4' });
    expect(ev({ action: 'update', outcome: 'failure' })).toMatchObject({ action: 'U', outcome: '8' });
    expect(ev({ action: 'delete' }).action).toBe('D');
    expect(ev({ action: 'search' }).subtype[0].code).toBe('search-type');
    expect(ev({ action: 'search', resource_type: null, resource_id: null }).subtype[0].code).toBe('search-system');
    expect(ev({ action: 'history' }).subtype[0].code).toBe('history-instance');
    expect(ev({ action: 'history', resource_id: null }).subtype[0].code).toBe('history-type');
  });

  it('names the user, where they came from, the resource, each patient and the query', () => {
    const ev = auditEventResource(row({ action: 'search', resource_id: null, patient_ids: ['p-1', 'p-2'], query: 'code=x' })) as any;
    expect(ev.agent[0]).toMatchObject({
      who: { identifier: { value: 'u-1' } },
      requestor: true,
      network: { address: '10.0.0.7', type: '2' },
    });
    const refs = ev.entity.map((e: any) => e.what.reference ?? e.what.display);
    expect(refs).toEqual(['Observation', 'Patient/p-1', 'Patient/p-2']);
    expect(Buffer.from(ev.entity[0].query, 'base64').toString()).toBe('code=x');
    expect(ev.extension[0].valueString).toBe('9000000000');
  });

  it('maps FHIR subtype codes back to our actions', () => {
    expect(actionsForSubtype('search-type')).toEqual(['search']);
    expect(actionsForSubtype('http://hl7.org/fhir/restful-interaction|history-instance')).toEqual(['history']);
    expect(actionsForSubtype('read')).toEqual(['read']);
    expect(actionsForSubtype('break-glass')).toEqual(['break-glass']);
  });
});
