/**
 * Emergency access ("break the glass"): a clinician without a care relationship opens a
 * patient's record by giving a reason. The grant lasts a limited time, is audited, lands in
 * the review queue of administrators and auditors, and queues notifications (FHIR
 * Communication resources in status 'preparation') to the patient and the privacy officer.
 * The caller's `queueNotices` plans their delivery in the same transaction, so a grant
 * never exists without its notices on their way (modules/notifications/access-notice.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/types.ts';
import { HaleError, badRequest, notFound } from '../errors.ts';
import { systemContext, type ActingContext } from '../fhir/acting-context.ts';
import { FhirRepository } from '../fhir/store/repository.ts';
import type { StoreGuard } from '../fhir/store/store-guard.ts';
import type { Patient } from '@medplum/fhirtypes';
import { nameText, officialName } from '../modules/patients/store-reads.ts';
import { writtenTime } from '../modules/notifications/access-notice-text.ts';
import { CLINICIAN_ROLES } from './roles.ts';
import { findUser } from './accounts.ts';
import { auditRecordBy, type SecurityAudit } from './security-audit.ts';

export const BREAK_GLASS_MINUTES = 60;

export interface BreakGlassGrant {
  id: string;
  userId: string;
  patientId: string;
  reason: string;
  grantedAt: string;
  expiresAt: string;
  reviewedAt?: string;
  reviewedBy?: string;
  reviewNote?: string;
  /** The Communication that tells the patient (absent for grants made before it was kept). */
  patientNoticeId?: string;
}

interface GrantRow {
  id: string;
  user_id: string;
  patient_id: string;
  reason: string;
  granted_at: Date | string;
  expires_at: Date | string;
  reviewed_at: Date | string | null;
  reviewed_by: string | null;
  review_note: string | null;
  patient_notice_id: string | null;
}

function grantOf(r: GrantRow): BreakGlassGrant {
  return {
    id: r.id,
    userId: r.user_id,
    patientId: r.patient_id,
    reason: r.reason,
    grantedAt: new Date(r.granted_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
    ...(r.reviewed_at ? { reviewedAt: new Date(r.reviewed_at).toISOString() } : {}),
    ...(r.reviewed_by ? { reviewedBy: r.reviewed_by } : {}),
    ...(r.review_note ? { reviewNote: r.review_note } : {}),
    ...(r.patient_notice_id ? { patientNoticeId: r.patient_notice_id } : {}),
  };
}

/** Plans the delivery of the grant's notices (the Communications' ids), inside the grant's transaction. */
export type QueueAccessNotices = (tx: FhirRepository, communicationIds: string[]) => Promise<void>;

/** Whether and how the patient was told of a grant: the state of its notice (modules/notifications/access-notice.ts). */
export interface PatientNoticeState {
  /** Communication.status: preparation (waiting), in-progress (retrying), completed, not-done. */
  status: string;
  /** The channels it went out by ('email', 'sms', 'whatsapp'). */
  channels: string[];
  /** The channels where it was only kept in the outbox: no mail server or SMS provider is configured, so the patient has not seen it. */
  held: string[];
  sent?: string;
  /** Why it was not (yet) sent. */
  reason?: string;
}

/** The states of many grants' patient notices at once, keyed by the Communication id. */
export type AccessNoticeStates = (db: Queryable, guard: StoreGuard | undefined, ids: string[]) => Promise<Map<string, PatientNoticeState>>;

export interface BreakGlassDeps {
  audit: SecurityAudit;
  guard?: StoreGuard;
  queueNotices?: QueueAccessNotices;
  minutes?: number;
}

export async function breakGlass(
  db: Database,
  ctx: ActingContext,
  input: { patientId?: unknown; reason?: unknown },
  deps: BreakGlassDeps,
): Promise<BreakGlassGrant> {
  const minutes = deps.minutes ?? BREAK_GLASS_MINUTES;
  if (!ctx.roles.some((r) => (CLINICIAN_ROLES as readonly string[]).includes(r)))
    throw new HaleError('forbidden', 'Only clinicians (doctor, nurse) can request emergency access');
  const details = [];
  if (typeof input.patientId !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(input.patientId))
    details.push({ field: 'patientId', message: 'is required: the Patient id' });
  if (typeof input.reason !== 'string' || input.reason.trim().length < 10)
    details.push({ field: 'reason', message: 'is required: at least 10 characters saying why' });
  if (details.length) throw badRequest('Emergency access needs a patient and a reason', details);
  const patientId = input.patientId as string;
  const reason = (input.reason as string).trim().slice(0, 2000);
  const system = new FhirRepository(db, systemContext('break-glass', ctx.requestId), deps.guard);
  const patient = await system.readCurrent('Patient', patientId);
  if (!patient || patient.deleted) throw notFound(`Patient/${patientId} is not known`);
  const id = randomUUID();
  const row = await db.transaction(async (tx: Queryable) => {
    const repo = new FhirRepository(tx, systemContext('break-glass', ctx.requestId), deps.guard);
    // The patient is told who, by name (an account id would mean nothing to them).
    const who = await findUser(tx, ctx.userId);
    const by = who ? `${who.display_name} (${ctx.roles.join(', ')})` : `user ${ctx.userId}`;
    // People read this (an email, the portal): a written date, in UTC since the reader's zone is unknown here.
    const when = `on ${writtenTime('en', new Date(), undefined)} for ${minutes} minutes. Reason given: ${reason}`;
    const patientName = nameText(officialName((JSON.parse(patient.json) as Patient).name)) || undefined;
    const common = {
      resourceType: 'Communication',
      status: 'preparation',
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/communication-category', code: 'alert' }], text: 'break-glass' },
      ],
      subject: { reference: `Patient/${patientId}` },
      note: [{ text: `break-glass grant ${id}` }],
    };
    const toPatient = await repo.create({
      ...common,
      recipient: [{ reference: `Patient/${patientId}` }],
      payload: [{ contentString: `Emergency access to your record was opened by ${by} ${when}` }],
    });
    const toOfficer = await repo.create({
      ...common,
      topic: { text: 'privacy officer review' },
      payload: [
        {
          contentString: `Emergency access to the record of ${patientName ? `${patientName} (Patient/${patientId})` : `Patient/${patientId}`} was opened by ${by} ${when}`,
        },
      ],
    });
    const r = await tx.query<GrantRow>(
      `INSERT INTO hale_break_glass (id, user_id, patient_id, reason, expires_at, patient_notice_id)
       VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5), $6) RETURNING *`,
      [id, ctx.userId, patientId, reason, minutes, toPatient.stored.id],
    );
    await deps.queueNotices?.(repo, [toPatient.stored.id, toOfficer.stored.id]);
    return r.rows[0]!;
  });
  await deps.audit([
    auditRecordBy(ctx, 'break-glass', 'success', {
      resourceType: 'Patient',
      resourceId: patientId,
      patientIds: [patientId],
      detail: { reason, grantId: id, minutes },
    }),
  ]);
  return grantOf(row);
}

export async function listBreakGlass(db: Queryable, pendingOnly: boolean): Promise<BreakGlassGrant[]> {
  const r = await db.query<GrantRow>(
    `SELECT * FROM hale_break_glass ${pendingOnly ? 'WHERE reviewed_at IS NULL' : ''} ORDER BY granted_at DESC LIMIT 500`,
  );
  return r.rows.map(grantOf);
}

export async function reviewBreakGlass(db: Queryable, id: string, reviewer: string, note: unknown): Promise<BreakGlassGrant> {
  if (typeof note !== 'string' || !note.trim()) throw badRequest('A review needs a note', [{ field: 'note', message: 'is required' }]);
  const r = await db.query<GrantRow>(
    'UPDATE hale_break_glass SET reviewed_at = now(), reviewed_by = $2, review_note = $3 WHERE id = $1 RETURNING *',
    [id, reviewer, note.trim().slice(0, 2000)],
  );
  if (!r.rows[0]) throw notFound(`No break-glass grant ${id}`);
  return grantOf(r.rows[0]);
}
