/**
 * Which rows of a type a context reaches, as one SQL condition over `r` (a `resource` row).
 * It is added to every read, search and history query, so results are filtered in the
 * database: nothing outside the scope is fetched, counted, paged or included.
 *
 * - patient (and proxy) accounts: their own Patient compartment;
 * - clinicians (doctor, nurse): patients they have a care relationship with (care team,
 *   encounter, appointment, their organization / general practitioner; HALE_CARE_RELATIONSHIP),
 *   minus patients whose active Consent denies them, plus active break-glass grants;
 * - insurers: claims and coverage addressed to their own organization;
 * - everyone else: every patient (the role table alone limits them).
 */
import type { ActingContext } from '../fhir/acting-context.ts';
import type { SqlParams } from '../fhir/search/sql-params.ts';
import { patientCompartmentParams } from './compartment.ts';
import { roleAllows, type Action } from './permissions.ts';
import { CLINICIAN_ROLES } from './roles.ts';

export interface RowScope {
  /** An SQL boolean over the alias `r`; values go through `p`. */
  sql(p: SqlParams): string;
  /** What the scope is, for denials and the audit trail. */
  readonly kind: 'compartment' | 'care' | 'insurer' | 'none';
}

/** Insurers reach a financial resource through the Organization it is addressed to. */
const INSURER_LINKS: Readonly<Record<string, { param: string; via?: { type: string; param: string } }>> = {
  Claim: { param: 'insurer' },
  ClaimResponse: { param: 'insurer' },
  Coverage: { param: 'payor' },
  ExplanationOfBenefit: { param: 'claim', via: { type: 'Claim', param: 'insurer' } },
};

/** The Patient ids a row belongs to, through the compartment parameters of its type. */
export function patientIdsSql(resourceType: string, p: SqlParams): string {
  const params = patientCompartmentParams(resourceType);
  const own = resourceType === 'Patient' ? 'ARRAY[r.id] || ' : '';
  if (!params.length) return `${own}ARRAY[]::text[]`;
  return `${own}ARRAY(SELECT x.target_id FROM sp_reference x WHERE x.resource_type = r.resource_type AND x.resource_id = r.id AND x.param = ANY(${p.add(params, 'text[]')}) AND x.target_type = 'Patient')`;
}

/**
 * True when one of the row's patients is in the set the subquery gives. With `allowUnlinked`,
 * a row that names no patient at all (a clinician's own Schedule, a draft Task) passes too:
 * it is not a patient's data, so the role table alone decides.
 */
function inPatients(resourceType: string, p: SqlParams, patientSet: string, allowUnlinked = false): string {
  const params = patientCompartmentParams(resourceType);
  const parts: string[] = [];
  if (resourceType === 'Patient') parts.push(`r.id IN (${patientSet})`);
  if (params.length) {
    const links = `SELECT 1 FROM sp_reference x WHERE x.resource_type = r.resource_type AND x.resource_id = r.id AND x.param = ANY(${p.add(params, 'text[]')}) AND x.target_type = 'Patient'`;
    parts.push(`EXISTS (${links} AND x.target_id IN (${patientSet}))`);
    if (allowUnlinked && resourceType !== 'Patient') parts.push(`NOT EXISTS (${links})`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

function careSet(ctx: ActingContext, links: readonly string[], p: SqlParams): string {
  const prac = ctx.practitionerId ? p.add(ctx.practitionerId, 'text') : undefined;
  const org = ctx.organizationId ? p.add(ctx.organizationId, 'text') : undefined;
  const pair = (type: string, actorParam: string, patientParam: string, actor: string) =>
    `SELECT b.target_id FROM sp_reference a JOIN sp_reference b ON b.resource_type = a.resource_type AND b.resource_id = a.resource_id
      WHERE a.resource_type = '${type}' AND a.param = '${actorParam}' AND a.target_type = 'Practitioner' AND a.target_id = ${actor}
        AND b.param = '${patientParam}' AND b.target_type = 'Patient'`;
  const sets: string[] = [];
  if (prac && links.includes('care-team')) {
    sets.push(pair('CareTeam', 'participant', 'subject', prac));
    sets.push(
      `SELECT resource_id FROM sp_reference WHERE resource_type = 'Patient' AND param = 'general-practitioner' AND target_type = 'Practitioner' AND target_id = ${prac}`,
    );
  }
  if (prac && links.includes('encounter')) sets.push(pair('Encounter', 'participant', 'subject', prac));
  if (prac && links.includes('appointment')) sets.push(pair('Appointment', 'actor', 'actor', prac));
  if (org && links.includes('organization')) {
    sets.push(
      `SELECT resource_id FROM sp_reference WHERE resource_type = 'Patient' AND param = 'organization' AND target_type = 'Organization' AND target_id = ${org}`,
    );
  }
  return sets.length ? sets.join('\n UNION ') : 'SELECT NULL::text WHERE false';
}

/** Patients whose active Consent denies this clinician (or everyone) access. */
function consentDeniedSet(ctx: ActingContext, p: SqlParams): string {
  const prac = p.add(ctx.practitionerId ?? '', 'text');
  const org = p.add(ctx.organizationId ?? '', 'text');
  return `SELECT cp.target_id FROM resource c
     JOIN sp_reference cp ON cp.resource_type = 'Consent' AND cp.resource_id = c.id AND cp.param = 'patient' AND cp.target_type = 'Patient'
    WHERE c.resource_type = 'Consent' AND NOT c.deleted
      AND EXISTS (SELECT 1 FROM sp_token s WHERE s.resource_type = 'Consent' AND s.resource_id = c.id AND s.param = 'status' AND s.code = 'active')
      AND (c.content::jsonb -> 'provision' ->> 'type') = 'deny'
      AND (NOT EXISTS (SELECT 1 FROM sp_reference a WHERE a.resource_type = 'Consent' AND a.resource_id = c.id AND a.param = 'actor')
           OR EXISTS (SELECT 1 FROM sp_reference a WHERE a.resource_type = 'Consent' AND a.resource_id = c.id AND a.param = 'actor'
                      AND ((a.target_type = 'Practitioner' AND a.target_id = ${prac}) OR (a.target_type = 'Organization' AND a.target_id = ${org}))))`;
}

function breakGlassSet(ctx: ActingContext, p: SqlParams): string {
  return `SELECT patient_id FROM hale_break_glass WHERE user_id = ${p.add(ctx.userId, 'text')} AND expires_at > now()`;
}

/**
 * The scope of a context on a type, or undefined when it reaches every row. Call only
 * after the role table allowed the action.
 */
export function scopeFor(ctx: ActingContext, resourceType: string, action: Action, careLinks: readonly string[]): RowScope | undefined {
  if (ctx.system) return undefined;
  // Only the roles that grant this action count: a doctor who also works in billing reads
  // claims like billing does, but clinical data still only within care relationships.
  const roles = ctx.roles.filter((r) => roleAllows([r], resourceType, action));
  if (roles.includes('admin')) return undefined;
  const patientData = resourceType === 'Patient' || patientCompartmentParams(resourceType).length > 0;
  if (roles.includes('patient')) {
    if (!patientData) return undefined;
    const own = ctx.patientId;
    return { kind: 'compartment', sql: (p) => (own ? inPatients(resourceType, p, `SELECT unnest(${p.add([own], 'text[]')})`) : 'false') };
  }
  if (roles.length > 0 && roles.every((r) => r === 'insurer')) {
    const link = INSURER_LINKS[resourceType];
    if (!patientData && !link) return undefined;
    return {
      kind: 'insurer',
      sql: (p) => {
        if (!link || !ctx.organizationId) return 'false';
        const org = p.add(ctx.organizationId, 'text');
        if (!link.via) {
          return `EXISTS (SELECT 1 FROM sp_reference x WHERE x.resource_type = r.resource_type AND x.resource_id = r.id AND x.param = '${link.param}' AND x.target_type = 'Organization' AND x.target_id = ${org})`;
        }
        return `EXISTS (SELECT 1 FROM sp_reference x JOIN sp_reference y ON y.resource_type = '${link.via.type}' AND y.resource_id = x.target_id AND y.param = '${link.via.param}'
                 WHERE x.resource_type = r.resource_type AND x.resource_id = r.id AND x.param = '${link.param}' AND x.target_type = '${link.via.type}'
                   AND y.target_type = 'Organization' AND y.target_id = ${org})`;
      },
    };
  }
  const clinicianOnly = roles.length > 0 && roles.every((r) => (CLINICIAN_ROLES as readonly string[]).includes(r));
  if (!clinicianOnly || !patientData) return undefined;
  if (careLinks.includes('all')) {
    // Every patient, except those whose consent denies this clinician (unless the glass is broken).
    return {
      kind: 'care',
      sql: (p) => `NOT ${inPatients(resourceType, p, `${consentDeniedSet(ctx, p)} EXCEPT ${breakGlassSet(ctx, p)}`)}`,
    };
  }
  return {
    kind: 'care',
    sql: (p) =>
      inPatients(
        resourceType,
        p,
        `(${careSet(ctx, careLinks, p)} EXCEPT ${consentDeniedSet(ctx, p)}) UNION ${breakGlassSet(ctx, p)}`,
        true,
      ),
  };
}
