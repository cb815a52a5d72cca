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
import type { SearchRequest } from '../fhir/search/search-request.ts';
import { patientIdsNamed } from '../fhir/search/ids-first-page.ts';
import { patientCompartmentParams } from './compartment.ts';
import { roleAllows, type Action } from './permissions.ts';
import { CLINICIAN_ROLES } from './roles.ts';

export interface RowScope {
  /** An SQL boolean over the alias `r`; values go through `p`. */
  sql(p: SqlParams): string;
  /** What the scope is, for denials and the audit trail. */
  readonly kind: 'compartment' | 'care' | 'insurer' | 'none';
  /**
   * A SELECT of resource ids (one column; an id may come more than once) that holds every
   * row inside the scope and that an index can start from: for a clinician, the rows of
   * their patients (care links, break-glass) and the rows that name no patient. A search
   * with no filter on a patient starts from it, so it reads a clinician's few hundred
   * patients' rows instead of checking the scope on every row its filters match across the
   * whole hospital. It may hold ids outside the scope (the scope is still checked) or of
   * no live resource.
   */
  candidates?(p: SqlParams): string;
  /**
   * The condition that one patient (`pid`, an SQL expression) is inside the scope, where a
   * row is in scope when one of its patients is (patient accounts, clinicians' care links).
   * A search that names patients through a compartment parameter checks them once with it:
   * when every named patient is in scope, so is every match, since each names one of them.
   */
  patientInScope?(p: SqlParams, pid: string): string;
}

/** Insurers reach a financial resource through the Organization it is addressed to. */
const INSURER_LINKS: Readonly<Record<string, { param: string; via?: { type: string; param: string } }>> = {
  Claim: { param: 'insurer' },
  ClaimResponse: { param: 'insurer' },
  Coverage: { param: 'payor' },
  ExplanationOfBenefit: { param: 'claim', via: { type: 'Claim', param: 'insurer' } },
};

/** The Patient ids a row belongs to: kept on the row by every write (row-patients.ts). */
export const ROW_PATIENT_IDS = 'r.patient_ids';

/**
 * True when one of the row's patients satisfies the test. `someOf(ids)` is an SQL predicate
 * that one element of the text[] expression `ids` passes. With `allowUnlinked`, a
 * row that names no patient at all (a clinician's own Schedule, a draft Task) passes too: it
 * is not a patient's data, so the role table alone decides.
 */
function anyPatient(resourceType: string, someOf: (ids: string) => string, allowUnlinked = false): string {
  if (resourceType !== 'Patient' && !patientCompartmentParams(resourceType).length) return 'false';
  const test = someOf(ROW_PATIENT_IDS);
  // A Patient always holds its own id, so it is never unlinked.
  return allowUnlinked && resourceType !== 'Patient' ? `(cardinality(${ROW_PATIENT_IDS}) = 0 OR ${test})` : `(${test})`;
}

/**
 * The conditions on `hale_care_link cl` that make a row one of this clinician's care links of
 * a kind this server counts: one per actor (the practitioner, the organization). The per-row
 * probe and the list of the clinician's patients both read them, so they never disagree.
 */
function careLinkConditions(ctx: ActingContext, links: readonly string[], p: SqlParams): string[] {
  const conditions: string[] = [];
  const practitionerKinds = links.filter((k) => k !== 'organization');
  if (ctx.practitionerId && practitionerKinds.length)
    conditions.push(
      `cl.actor_id = ${p.add(ctx.practitionerId, 'text')} AND cl.actor_type = 'Practitioner' AND cl.kind = ANY(${p.add(practitionerKinds, 'text[]')})`,
    );
  if (ctx.organizationId && links.includes('organization'))
    conditions.push(`cl.actor_id = ${p.add(ctx.organizationId, 'text')} AND cl.actor_type = 'Organization' AND cl.kind = 'organization'`);
  return conditions;
}

/**
 * Does the clinician have a care relationship with this patient, of a kind this server
 * counts? One probe of the care-link index (care-link-rows.ts). OFFSET 0 keeps it a per-row
 * probe: otherwise the planner may hash every patient the clinician is linked to, per query.
 */
function careLink(ctx: ActingContext, links: readonly string[], p: SqlParams, pid: string): string {
  const tests = careLinkConditions(ctx, links, p).map(
    (condition) => `EXISTS (SELECT 1 FROM hale_care_link cl WHERE ${condition} AND cl.patient_id = ${pid} OFFSET 0)`,
  );
  return tests.length ? `(${tests.join(' OR ')})` : 'false';
}

/**
 * One of the patients in `ids` (a text[] expression) passes `test`, a predicate on one
 * patient id. Each is tried as an equality, which the planner answers from the indexes:
 * `cl.patient_id = ANY(ids)` had it scan a small clinic's whole care-link table instead, on
 * every read.
 */
function somePatient(ids: string, test: (pid: string) => string): string {
  return `EXISTS (SELECT 1 FROM unnest(${ids}) AS u(pid) WHERE ${test('u.pid')})`;
}

/** The patients a clinician reaches: care links of the kinds counted, and active break-glass grants (consent is checked per row). */
function clinicianPatientsSql(ctx: ActingContext, links: readonly string[], p: SqlParams): string {
  const grants = `SELECT bg.patient_id FROM hale_break_glass bg WHERE bg.user_id = ${p.add(ctx.userId, 'text')} AND bg.expires_at > now()`;
  const linked = careLinkConditions(ctx, links, p).map((condition) => `SELECT cl.patient_id FROM hale_care_link cl WHERE ${condition}`);
  return [grants, ...linked].join(' UNION ');
}

/**
 * Does an active Consent of this patient deny this clinician (or everyone) access? One probe
 * of the denials kept from Consents (consent-deny-rows.ts). OFFSET 0 keeps it a probe from
 * this patient: otherwise the planner may hash every denial in the database, on every query.
 */
function consentDenies(ctx: ActingContext, p: SqlParams, pid: string): string {
  return `EXISTS (SELECT 1 FROM hale_consent_deny d WHERE d.patient_id = ${pid} AND ${deniedActor(ctx, p)} OFFSET 0)`;
}

/** A denial row that applies to this clinician: one naming no actor, their practitioner or their organization. */
function deniedActor(ctx: ActingContext, p: SqlParams): string {
  const actors = ['d.actor_type IS NULL'];
  if (ctx.practitionerId) actors.push(`(d.actor_type = 'Practitioner' AND d.actor_id = ${p.add(ctx.practitionerId, 'text')})`);
  if (ctx.organizationId) actors.push(`(d.actor_type = 'Organization' AND d.actor_id = ${p.add(ctx.organizationId, 'text')})`);
  return `(${actors.join(' OR ')})`;
}

function brokeGlass(ctx: ActingContext, p: SqlParams, pid: string): string {
  return `EXISTS (SELECT 1 FROM hale_break_glass bg WHERE bg.user_id = ${p.add(ctx.userId, 'text')} AND bg.patient_id = ${pid} AND bg.expires_at > now())`;
}

/**
 * Should a clinician's search start from their patients (RowScope.candidates)? Not when it
 * names the patient, the resource or another resource it refers to (`patient=`, `_id=`,
 * `encounter=`): it starts from those few rows already. Not with one
 * filter or none in the default order either: those walk the matches in id order and stop at
 * the first page of rows in scope, which costs less than reading every row of a clinician's
 * patients (measured at 10,000 patients: `Observation?code=` 57 ms walking, 237 ms from the
 * patients). With a sort, or filters that each match widely, every match is visited before the
 * page is known, and the per-row check on each made such searches take seconds.
 */
export function startsFromClinicianPatients(req: SearchRequest): boolean {
  const compartment = new Set(patientCompartmentParams(req.resourceType));
  const namesRows = req.filters.some(
    (f) =>
      f.param === '_id' ||
      // A chain through the patient (`subject:Patient.gender=female`) names no row: it may match half the hospital.
      (!f.not &&
        !f.missing &&
        !f.chain &&
        (compartment.has(f.param) || f.conditions.some((c) => c.kind === 'reference' && c.id !== undefined))),
  );
  if (namesRows) return false;
  return req.sort.length > 0 || req.filters.length >= 2;
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
    const isOwn = (p: SqlParams, pid: string) => (own ? `${pid} = ${p.add(own, 'text')}` : 'false');
    return {
      kind: 'compartment',
      sql: (p) => (own ? anyPatient(resourceType, (ids) => `${p.add(own, 'text')} = ANY(${ids})`) : 'false'),
      ...(resourceType === 'Patient' ? {} : { patientInScope: isOwn }),
    };
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
      sql: (p) =>
        `NOT ${anyPatient(resourceType, (ids) => somePatient(ids, (pid) => `(${consentDenies(ctx, p, pid)} AND NOT ${brokeGlass(ctx, p, pid)})`))}`,
    };
  }
  const clinicianReaches = (p: SqlParams, pid: string) =>
    `((${careLink(ctx, careLinks, p, pid)} AND NOT ${consentDenies(ctx, p, pid)}) OR ${brokeGlass(ctx, p, pid)})`;
  return {
    kind: 'care',
    candidates: (p) => {
      const mine = clinicianPatientsSql(ctx, careLinks, p);
      if (resourceType === 'Patient') return mine;
      const type = p.add(resourceType, 'text');
      return `SELECT x.resource_id FROM sp_reference x WHERE x.resource_type = ${type} AND x.param = ANY(${p.add(patientCompartmentParams(resourceType), 'text[]')})
          AND x.target_type = 'Patient' AND x.target_id IN (${mine})
        UNION ALL SELECT u.resource_id FROM hale_patientless u WHERE u.resource_type = ${type}`;
    },
    sql: (p) => anyPatient(resourceType, (ids) => somePatient(ids, (pid) => clinicianReaches(p, pid)), true),
    ...(resourceType === 'Patient' ? {} : { patientInScope: clinicianReaches }),
  };
}

/**
 * The patients a search names through a compartment parameter of its type (`patient=X`,
 * `subject=Patient/X,Patient/Y`), or undefined when no filter names them all: every match
 * of such a filter belongs to one of them.
 */
export function patientsNamedBy(req: SearchRequest): string[] | undefined {
  const compartment = new Set(patientCompartmentParams(req.resourceType));
  for (const f of req.filters) {
    const ids = compartment.has(f.param) ? patientIdsNamed(f) : undefined;
    if (ids) return [...new Set(ids)];
  }
  return undefined;
}
