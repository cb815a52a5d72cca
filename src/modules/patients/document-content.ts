/**
 * A patient's documents: the list (GET /api/v1/patients/:id/documents, a search of
 * DocumentReference) and the bytes of one (GET /api/v1/documents/:id/content). The bytes
 * are reached only through their DocumentReference, read with the caller's context: the
 * access policy decides, and that read is the audit record of the view. The Binary is then
 * fetched by the document repository (upload-document.ts says why) and must name that
 * DocumentReference as its security context.
 */
import type { Binary, DocumentReference, Patient } from '@medplum/fhirtypes';
import { notFound } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { binaryRepository, documentSummary, type DocumentSummary } from './upload-document.ts';
import { readResource, searchResources } from './store-reads.ts';

export async function listDocuments(repo: FhirRepository, patientId: string): Promise<{ documents: DocumentSummary[] }> {
  await readResource<Patient>(repo, 'Patient', patientId);
  const docs = await searchResources<DocumentReference>(repo, 'DocumentReference', {
    subject: `Patient/${patientId}`,
    _sort: '-date',
    _count: '200',
  });
  // Only documents whose bytes this server holds; other DocumentReferences (links elsewhere) are not uploads.
  return { documents: docs.filter((d) => d.content?.[0]?.attachment?.url?.startsWith('Binary/')).map(documentSummary) };
}

export interface DocumentContent {
  bytes: Buffer;
  contentType: string;
  filename: string;
}

export async function documentContent(repo: FhirRepository, documentId: string): Promise<DocumentContent> {
  const doc = await readResource<DocumentReference>(repo, 'DocumentReference', documentId);
  const a = doc.content?.[0]?.attachment;
  const binaryId = a?.url?.startsWith('Binary/') ? a.url.slice('Binary/'.length) : undefined;
  if (!a || !binaryId) throw notFound(`DocumentReference/${documentId} has no content stored on this server`);
  const stored = await binaryRepository(repo, 'document-content').read('Binary', binaryId);
  const binary = JSON.parse(stored.json) as Binary;
  if (binary.securityContext?.reference !== `DocumentReference/${documentId}`) {
    throw notFound(`DocumentReference/${documentId} has no content stored on this server`);
  }
  return {
    bytes: Buffer.from(binary.data ?? '', 'base64'),
    contentType: binary.contentType,
    filename: a.title ?? doc.description ?? documentId,
  };
}
