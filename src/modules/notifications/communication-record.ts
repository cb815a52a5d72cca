/**
 * The delivery status of each message, as a FHIR Communication: one per message and channel,
 * with a deterministic id from its key ("appointment|kind|when|channel"), so a retry updates
 * the same resource (each attempt is a version in its history) and a message already
 * completed is never sent again. `about` is the Appointment, `subject` and `recipient` the
 * Patient, `medium` the channel (v3-ParticipationMode), `payload` the text sent.
 *
 * Written by the named system repository 'notifications' (no user acts), in one transaction
 * with the outbox row; the store does not audit system writes, so the audit record is
 * written here, in the same transaction, naming the job.
 */
import { createHash } from 'node:crypto';
import type { Communication } from '@medplum/fhirtypes';
import { auditRecordBy } from '../../access/security-audit.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { asResource } from '../scheduling/store-reads.ts';
import {
  CATEGORY_SYSTEM,
  CHANNEL_SYSTEM,
  KIND_SYSTEM,
  MEDIUM,
  MESSAGE_IDENTIFIER_SYSTEM,
  PARTICIPATION_MODE,
  type Channel,
  type MessageKind,
} from './notification-terms.ts';

export type DeliveryStatus = 'completed' | 'not-done' | 'in-progress';

export function communicationId(messageKey: string): string {
  return `ntf-${createHash('sha256').update(messageKey).digest('hex').slice(0, 40)}`;
}

export interface DeliveryRecord {
  key: string;
  status: DeliveryStatus;
  reason?: string;
  kind: MessageKind;
  /** Absent when no channel could be used at all. */
  channel?: Channel;
  patientId: string;
  appointmentId: string;
  sent?: Date;
  subject?: string;
  text?: string;
  /** Where it went and how (address, transport, provider id), as a note. */
  note?: string;
}

/** Communication.medium for a channel: v3-ParticipationMode, with the channel's own code beside it. */
export function mediumOf(channel: Channel): NonNullable<Communication['medium']>[number] {
  const m = MEDIUM[channel];
  return {
    coding: [
      { system: PARTICIPATION_MODE, code: m.code, display: m.display },
      { system: CHANNEL_SYSTEM, code: channel },
    ],
    text: m.text,
  };
}

export function communicationOf(r: DeliveryRecord): Communication {
  return {
    resourceType: 'Communication',
    id: communicationId(r.key),
    identifier: [{ system: MESSAGE_IDENTIFIER_SYSTEM, value: r.key }],
    status: r.status,
    ...(r.reason ? { statusReason: { text: r.reason.slice(0, 1000) } } : {}),
    category: [
      { coding: [{ system: CATEGORY_SYSTEM, code: 'notification', display: 'Notification' }] },
      { coding: [{ system: KIND_SYSTEM, code: r.kind }], text: `appointment ${r.kind}` },
    ],
    ...(r.channel ? { medium: [mediumOf(r.channel)] } : {}),
    subject: { reference: `Patient/${r.patientId}` },
    about: [{ reference: `Appointment/${r.appointmentId}` }],
    recipient: [{ reference: `Patient/${r.patientId}` }],
    ...(r.sent ? { sent: r.sent.toISOString() } : {}),
    ...(r.text !== undefined ? { payload: [{ contentString: r.subject ? `${r.subject}\n\n${r.text}` : r.text }] } : {}),
    ...(r.note ? { note: [{ text: r.note }] } : {}),
  };
}

/** The recorded status of a message on a channel, if any. `repo` is a system repository. */
export async function recordedDelivery(repo: FhirRepository, key: string): Promise<Communication | undefined> {
  const s = await repo.readCurrent('Communication', communicationId(key));
  return s && !s.deleted ? (JSON.parse(s.json) as Communication) : undefined;
}

/** Writes (or updates) the Communication and its audit record. `tx` is a system repository over an open transaction. */
export async function recordDelivery(tx: FhirRepository, r: DeliveryRecord, jobId: string): Promise<Communication> {
  const resource = communicationOf(r);
  const { stored, created, unchanged } = await tx.update('Communication', resource.id!, asResource(resource));
  if (!unchanged) {
    await tx.guard.audit?.appendInTx(tx.db, [
      auditRecordBy(tx.ctx, created ? 'create' : 'update', 'success', {
        resourceType: 'Communication',
        resourceId: resource.id!,
        patientIds: [r.patientId],
        detail: {
          versionId: stored.versionId,
          job: jobId,
          kind: r.kind,
          ...(r.channel ? { channel: r.channel } : {}),
          status: r.status,
          appointment: `Appointment/${r.appointmentId}`,
        },
      }),
    ]);
  }
  return JSON.parse(stored.json) as Communication;
}
