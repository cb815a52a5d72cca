/**
 * A document filed in a patient's record (POST /api/v1/patients/:id/documents): the bytes as
 * a FHIR Binary, described by a DocumentReference (subject, date, author, title, category,
 * and an attachment with the content type, size, SHA-1 and `url: Binary/<id>`), both in one
 * transaction.
 *
 * The DocumentReference is written with the caller's context: the role table (notes) and
 * the patient's scope decide who may file documents, and the write is audited. The Binary
 * is written by a named system repository, because the role table gives the Binary type to
 * administrators only; its `securityContext` names the DocumentReference, and the content
 * is only ever served through that DocumentReference (document-content.ts), as FHIR's
 * Binary.securityContext intends.
 */
import { createHash } from 'node:crypto';
import { newResourceId } from '../../fhir/store/new-resource-id.ts';
import type { Binary, DocumentReference, Patient } from '@medplum/fhirtypes';
import { badRequest, conflict } from '../../errors.ts';
import { systemContext } from '../../fhir/acting-context.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import { documentType } from './document-type.ts';
import { FieldErrors, text } from './field-errors.ts';
import { asStored, mergedInto, readResource } from './store-reads.ts';

export interface Upload {
  bytes: Buffer;
  declaredType?: string;
  filename?: string;
  title?: unknown;
  category?: unknown;
}

export interface DocumentSummary {
  id: string;
  title: string;
  category?: string;
  contentType: string;
  size: number;
  /** SHA-1 of the bytes, base64 (Attachment.hash). */
  hash: string;
  date: string;
  filename?: string;
  author?: string;
  /** Where the bytes are served. */
  contentUrl: string;
}

export function documentSummary(d: DocumentReference): DocumentSummary {
  const a = d.content[0]!.attachment;
  return {
    id: d.id!,
    title: d.description ?? a.title ?? '',
    ...(d.category?.[0]?.text ? { category: d.category[0].text } : {}),
    contentType: a.contentType ?? 'application/octet-stream',
    size: a.size ?? 0,
    hash: a.hash ?? '',
    date: d.date ?? d.meta?.lastUpdated ?? '',
    ...(a.title ? { filename: a.title } : {}),
    ...(d.author?.[0]?.reference ? { author: d.author[0].reference } : {}),
    contentUrl: `/api/v1/documents/${d.id}/content`,
  };
}

/** The repository that writes and reads Binaries for documents, inside the caller's transaction when there is one. */
export function binaryRepository(repo: FhirRepository, purpose: string): FhirRepository {
  return new FhirRepository(repo.db, systemContext(purpose, repo.ctx.requestId), repo.guard);
}

export async function uploadDocument(repo: FhirRepository, patientId: string, u: Upload): Promise<DocumentSummary> {
  const errors = new FieldErrors();
  const filename = u.filename?.trim() ? u.filename.trim().slice(0, 255) : undefined;
  const title = text(errors, u.title, 'title', { max: 200 }) ?? filename;
  if (!title) errors.add('title', 'is required (or send a file name)');
  const category = text(errors, u.category, 'category', { max: 100 });
  errors.throwIfAny('The document');
  if (!u.bytes.length) throw badRequest('The file is empty', [{ field: 'file', message: 'is empty' }]);
  const contentType = await documentType(u.bytes, u.declaredType, filename);
  const binaryId = newResourceId();
  const docId = newResourceId();
  const doc: DocumentReference = {
    resourceType: 'DocumentReference',
    id: docId,
    status: 'current',
    ...(category ? { category: [{ text: category }] } : {}),
    subject: { reference: `Patient/${patientId}` },
    date: new Date().toISOString(),
    ...(repo.ctx.practitionerId ? { author: [{ reference: `Practitioner/${repo.ctx.practitionerId}` }] } : {}),
    description: title,
    content: [
      {
        attachment: {
          contentType,
          url: `Binary/${binaryId}`,
          size: u.bytes.length,
          hash: createHash('sha1').update(u.bytes).digest('base64'),
          title: filename ?? title!,
        },
      },
    ],
  };
  const binary: Binary = {
    resourceType: 'Binary',
    id: binaryId,
    contentType,
    securityContext: { reference: `DocumentReference/${docId}` },
    data: u.bytes.toString('base64'),
  };
  return repo.inTransaction(async (tx) => {
    const patient = await readResource<Patient>(tx, 'Patient', patientId);
    if (mergedInto(patient)) throw conflict(`Patient/${patientId} was merged into Patient/${mergedInto(patient)}; file documents there`);
    // The caller's write first: one who may not file documents is refused before the bytes are stored.
    const created = await tx.create(asStored(doc), 'POST', docId);
    await binaryRepository(tx, 'document-binary').update('Binary', binaryId, asStored(binary));
    return documentSummary(JSON.parse(created.stored.json) as DocumentReference);
  });
}
