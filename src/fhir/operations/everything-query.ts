/**
 * The SQL behind `$everything`: the focus resource, its members (for a Patient, every
 * resource in its Patient compartment by the R4 CompartmentDefinition; for an Encounter,
 * every resource that references it), and the directory resources those members point at
 * (practitioners, organizations, locations, medications). Each type is one branch of a
 * UNION with that type's own read scope; a type the caller may not read has no branch.
 * Pages are keyset-paged by (type, id), so writes between pages never shift them.
 */
import type { Queryable } from '../../db/types.ts';
import { patientCompartmentParams } from '../../access/compartment.ts';
import { SELECT_COLUMNS } from '../search/build-sql.ts';
import type { IncludeAccess } from '../search/include.ts';
import { indexedParamsFor } from '../search/indexed-params.ts';
import { SqlParams } from '../search/sql-params.ts';
import { fromRow, type ResourceRow } from '../store/resource-rows.ts';
import type { StoredResource } from '../store/stored-resource.ts';

export interface EverythingQuery {
  /** Care dates from (inclusive, ISO instant): `start`. */
  start?: string;
  /** Care dates up to (inclusive, ISO instant): `end`. */
  end?: string;
  /** Only resources last updated at or after this instant: `_since`. */
  since?: string;
  /** Only these resource types: `_type`. */
  types?: string[];
  count: number;
  /** The (type, id) after which this page starts. */
  after?: { type: string; id: string };
  /** The accepted parameters, for the audit trail. */
  raw: string;
}

export interface EverythingOutcome {
  resources: StoredResource[];
  /** The patient the record belongs to (the focus Patient, or the Encounter's subject). */
  patientId?: string;
  total: number;
  /** Where the next page starts, when there is one. */
  next?: { type: string; id: string };
}

/**
 * The date each type's care happened on, by its R4 date search parameter (the spec's
 * `clinical-date` set and the nearest equivalent for the others). `start`/`end` drop a
 * resource only when it has such a date and the date lies wholly outside the range;
 * types without one (Patient, Coverage, Device...) are always in.
 */
const CARE_DATE_PARAMS: Readonly<Record<string, string>> = {
  AllergyIntolerance: 'date',
  Appointment: 'date',
  CarePlan: 'date',
  CareTeam: 'date',
  Claim: 'created',
  ClinicalImpression: 'date',
  Communication: 'sent',
  Composition: 'date',
  Condition: 'onset-date',
  Consent: 'date',
  DiagnosticReport: 'date',
  DocumentReference: 'date',
  Encounter: 'date',
  EpisodeOfCare: 'date',
  ExplanationOfBenefit: 'created',
  FamilyMemberHistory: 'date',
  Flag: 'date',
  ImagingStudy: 'started',
  Immunization: 'date',
  Invoice: 'date',
  List: 'date',
  Media: 'created',
  MedicationAdministration: 'effective-time',
  MedicationDispense: 'whenhandedover',
  MedicationRequest: 'authoredon',
  MedicationStatement: 'effective',
  Observation: 'date',
  Procedure: 'date',
  Provenance: 'recorded',
  RiskAssessment: 'date',
  ServiceRequest: 'authored',
  Specimen: 'collected',
  SupplyRequest: 'date',
};

export function careDateParam(resourceType: string): string | undefined {
  const code = CARE_DATE_PARAMS[resourceType];
  return code !== undefined && indexedParamsFor(resourceType).get(code)?.type === 'date' ? code : undefined;
}

/** Resources members point at that belong with a record: who, where, and what was given. */
const REFERENCED_TYPES = ['Location', 'Medication', 'Organization', 'Practitioner', 'PractitionerRole'];

/** The conditions every member branch of `type` shares: care dates, scope. */
function memberConditions(type: string, q: EverythingQuery, access: IncludeAccess, p: SqlParams): string[] {
  const out: string[] = [];
  const scope = access.scopeOf(type);
  if (scope) out.push(scope(p));
  const dateParam = careDateParam(type);
  if (dateParam && (q.start || q.end)) {
    const dates = `SELECT 1 FROM sp_date d WHERE d.resource_type = ${p.add(type, 'text')} AND d.resource_id = r.id AND d.param = ${p.add(dateParam, 'text')}`;
    const inRange = [
      q.end ? `(d.low IS NULL OR d.low <= ${p.add(q.end, 'timestamptz')})` : 'true',
      q.start ? `(d.high IS NULL OR d.high >= ${p.add(q.start, 'timestamptz')})` : 'true',
    ].join(' AND ');
    out.push(`(NOT EXISTS (${dates}) OR EXISTS (${dates} AND ${inRange}))`);
  }
  return out;
}

function branch(type: string, which: (typeParam: string, p: SqlParams) => string, extra: string[], p: SqlParams): string {
  const typeParam = p.add(type, 'text');
  return `SELECT r.resource_type, r.id FROM resource r WHERE r.resource_type = ${typeParam} AND NOT r.deleted AND ${which(typeParam, p)}${extra
    .map((c) => ` AND ${c}`)
    .join('')}`;
}

async function distinctTypes(db: Queryable, targetType: string, targetId: string): Promise<string[]> {
  const r = await db.query<{ resource_type: string }>(
    'SELECT DISTINCT x.resource_type FROM sp_reference x WHERE x.target_type = $1 AND x.target_id = $2 ORDER BY 1',
    [targetType, targetId],
  );
  return r.rows.map((row) => row.resource_type);
}

/** The member branches of a Patient's record: itself, and its compartment by type. */
async function patientMembers(
  db: Queryable,
  patientId: string,
  q: EverythingQuery,
  access: IncludeAccess,
  p: SqlParams,
): Promise<string[]> {
  const types = new Set(await distinctTypes(db, 'Patient', patientId));
  const branches: string[] = [];
  for (const type of [...types].sort()) {
    const params = patientCompartmentParams(type);
    if (access.scopeOf(type) === null || (type !== 'Patient' && !params.length)) continue;
    branches.push(
      branch(
        type,
        (typeParam, pp) => {
          const pid = pp.add(patientId, 'text');
          return params.length
            ? `r.id IN (SELECT x.resource_id FROM sp_reference x WHERE x.resource_type = ${typeParam} AND x.param = ANY(${pp.add(params, 'text[]')}) AND x.target_type = 'Patient' AND x.target_id = ${pid})`
            : 'false';
        },
        memberConditions(type, q, access, p),
        p,
      ),
    );
  }
  return [focusBranch('Patient', patientId, q, access, p), ...branches];
}

/**
 * The focus resource itself, as a branch of its own: joined to its type's linked rows by
 * OR, it made the planner scan every row of the type (all patients) instead of one probe.
 */
function focusBranch(type: string, id: string, q: EverythingQuery, access: IncludeAccess, p: SqlParams): string {
  return branch(type, (_typeParam, pp) => `r.id = ${pp.add(id, 'text')}`, memberConditions(type, q, access, p), p);
}

/** The member branches of an Encounter: itself, and what references it. */
async function encounterMembers(
  db: Queryable,
  encounterId: string,
  q: EverythingQuery,
  access: IncludeAccess,
  p: SqlParams,
): Promise<string[]> {
  const types = new Set(await distinctTypes(db, 'Encounter', encounterId));
  const branches: string[] = [];
  for (const type of [...types].sort()) {
    if (access.scopeOf(type) === null) continue;
    branches.push(
      branch(
        type,
        (typeParam, pp) => {
          const eid = pp.add(encounterId, 'text');
          return `r.id IN (SELECT x.resource_id FROM sp_reference x WHERE x.resource_type = ${typeParam} AND x.target_type = 'Encounter' AND x.target_id = ${eid})`;
        },
        memberConditions(type, q, access, p),
        p,
      ),
    );
  }
  return [focusBranch('Encounter', encounterId, q, access, p), ...branches];
}

async function encounterPatient(db: Queryable, encounterId: string): Promise<string | undefined> {
  const r = await db.query<{ target_id: string }>(
    "SELECT x.target_id FROM sp_reference x WHERE x.resource_type = 'Encounter' AND x.resource_id = $1 AND x.param = 'patient' AND x.target_type = 'Patient' LIMIT 1",
    [encounterId],
  );
  return r.rows[0]?.target_id;
}

export async function runEverything(
  db: Queryable,
  focus: StoredResource,
  q: EverythingQuery,
  access: IncludeAccess,
): Promise<EverythingOutcome> {
  const p = new SqlParams();
  const isPatient = focus.resourceType === 'Patient';
  const patientId = isPatient ? focus.id : await encounterPatient(db, focus.id);
  const members = isPatient ? await patientMembers(db, focus.id, q, access, p) : await encounterMembers(db, focus.id, q, access, p);
  // An Encounter's record also names its patient; a Patient's is the patient already.
  const referenced = isPatient ? REFERENCED_TYPES : ['Patient', ...REFERENCED_TYPES];
  const refBranches = referenced
    .filter((type) => access.scopeOf(type) !== null)
    .map((type) => {
      const scope = access.scopeOf(type);
      return branch(
        type,
        (typeParam) => `r.id = ANY(ARRAY(SELECT pointed.target_id FROM pointed WHERE pointed.target_type = ${typeParam}))`,
        scope ? [scope(p)] : [],
        p,
      );
    });
  const conditions: string[] = [];
  if (q.since) conditions.push(`r.last_updated >= ${p.add(q.since, 'timestamptz')}`);
  if (q.types) conditions.push(`r.resource_type = ANY(${p.add(q.types, 'text[]')})`);
  const from = `WITH members AS (${members.map((b) => `(${b})`).join('\nUNION ALL\n') || 'SELECT NULL::text AS resource_type, NULL::text AS id WHERE false'}),
pointed AS MATERIALIZED (SELECT DISTINCT x.target_type, x.target_id FROM members m JOIN sp_reference x ON x.resource_type = m.resource_type AND x.resource_id = m.id WHERE x.target_type = ANY(${p.add(referenced, 'text[]')})),
everything AS (SELECT resource_type, id FROM members${refBranches.map((b) => `\nUNION\n(${b})`).join('')})
SELECT ${SELECT_COLUMNS} FROM everything e JOIN resource r ON r.resource_type = e.resource_type AND r.id = e.id`;
  const where = (extra: string[]) => {
    const all = [...conditions, ...extra];
    return all.length ? `\nWHERE ${all.join(' AND ')}` : '';
  };
  const countParams = [...p.values];
  const countSql = `SELECT count(*) AS n FROM (${from}${where([])}) counted`;
  const keyset = q.after ? [`(r.resource_type, r.id) > (${p.add(q.after.type, 'text')}, ${p.add(q.after.id, 'text')})`] : [];
  const sql = `${from}${where(keyset)}\nORDER BY r.resource_type, r.id\nLIMIT ${p.add(q.count + 1, 'bigint')}`;
  const rows = (await db.query<ResourceRow>(sql, p.values)).rows;
  const page = rows.slice(0, q.count);
  const more = rows.length > q.count;
  const total = !q.after && !more ? page.length : Number((await db.query<{ n: string | number }>(countSql, countParams)).rows[0]?.n ?? 0);
  const last = page.at(-1);
  return {
    resources: page.map(fromRow),
    ...(patientId ? { patientId } : {}),
    total,
    ...(more && last ? { next: { type: last.resource_type, id: last.id } } : {}),
  };
}
