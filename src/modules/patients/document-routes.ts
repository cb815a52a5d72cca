/**
 * Document upload and download. The upload route lives in its own encapsulated scope: there
 * alone the body may be multipart or any raw type (the rest of the server takes JSON only),
 * and there alone it may be as large as HALE_DOCUMENT_MAX_BYTES, whatever the server-wide
 * HALE_BODY_LIMIT_BYTES; no other route's limit or parsers change.
 *
 * - multipart/form-data: a `file` part, and `title` and `category` fields;
 * - any other Content-Type: the body is the file; title, category and filename come in the
 *   query string.
 */
import multipart from '@fastify/multipart';
import { CONTENT_SECURITY_POLICY } from '../../http/security-headers.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HaleError, badRequest } from '../../errors.ts';
import { sendError } from '../../http/error-mapping.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import { requireContext } from '../../http/authenticate.ts';
import type { StoreGuard } from '../../fhir/store/store-guard.ts';
import type { Database } from '../../db/types.ts';
import { documentContent } from './document-content.ts';
import { DOCUMENT_TYPES } from './document-type.ts';
import { uploadDocument, type Upload } from './upload-document.ts';

export interface DocumentRouteDeps {
  db: Database;
  guard: StoreGuard;
  documentMaxBytes: number;
}

const MIB = 1024 * 1024;

function tooLarge(max: number): HaleError {
  const size = max >= MIB ? `${Math.round((max / MIB) * 10) / 10} MiB` : `${max} bytes`;
  return new HaleError('payload-too-large', `A document may be at most ${size} (HALE_DOCUMENT_MAX_BYTES)`, [
    { field: 'file', message: `must be at most ${size}` },
  ]);
}

/** The upload scope's own errors (body and multipart limits) in the words of this route. */
function uploadError(err: unknown, max: number): unknown {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(max);
    case 'FST_FILES_LIMIT':
      return badRequest('Send one file per upload', [{ field: 'file', message: 'only one file is accepted' }]);
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return badRequest('Too many form fields: send file, title and category');
    case 'FST_MP_PREMATURE_CLOSE':
    case 'FST_PROTO_VIOLATION':
      return badRequest('The multipart body is incomplete or malformed');
    default:
      return err;
  }
}

async function readMultipart(request: FastifyRequest): Promise<Upload> {
  const fields: Record<string, string> = {};
  let file: { bytes: Buffer; type: string; name: string } | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      // Read to the end even when refused: the stream must drain for the parser to go on.
      const bytes = await part.toBuffer();
      if (file) throw badRequest('Send one file per upload', [{ field: 'file', message: 'only one file is accepted' }]);
      file = { bytes, type: part.mimetype, name: part.filename };
    } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
  }
  if (!file) throw badRequest('The form has no file', [{ field: 'file', message: 'is required' }]);
  return { bytes: file.bytes, declaredType: file.type, filename: file.name, title: fields.title, category: fields.category };
}

function rawUpload(request: FastifyRequest): Upload {
  const q = request.query as Record<string, unknown>;
  const body = request.body;
  return {
    bytes: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
    ...(request.headers['content-type'] ? { declaredType: request.headers['content-type'] } : {}),
    ...(typeof q.filename === 'string' ? { filename: q.filename } : {}),
    title: q.title,
    category: q.category,
  };
}

/** `inline` or `attachment`, with the file name in both the plain and the RFC 5987 form. */
function disposition(kind: 'inline' | 'attachment', filename: string): string {
  const plain = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const FRAMEABLE_BY_SELF = Object.entries({ ...CONTENT_SECURITY_POLICY, 'frame-ancestors': ["'self'"] })
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join('; ');

export function registerDocumentRoutes(app: FastifyInstance, deps: DocumentRouteDeps): void {
  const max = deps.documentMaxBytes;
  const repoFor = (request: FastifyRequest) => new FhirRepository(deps.db, requireContext(request), deps.guard);

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await scope.register(multipart, {
      limits: { fileSize: max, files: 1, fields: 10, fieldSize: 4096, parts: 12 },
      throwFileSizeLimit: true,
    });
    // Any other type: the raw bytes, at most `max` (the content, not the label, decides the type).
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: max }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((err, request, reply) => sendError(request, reply, uploadError(err, max)));
    scope.post('/api/v1/patients/:id/documents', async (request: FastifyRequest, reply: FastifyReply) => {
      const repo = repoFor(request);
      const upload = request.isMultipart() ? await readMultipart(request) : rawUpload(request);
      const id = (request.params as { id: string }).id;
      return reply.status(201).send(await uploadDocument(repo, id, upload));
    });
  });

  app.get('/api/v1/documents/:id/content', async (request, reply) => {
    const content = await documentContent(repoFor(request), (request.params as { id: string }).id);
    const download = (request.query as { download?: string }).download;
    // Only the types an upload may have are shown in the browser; anything else written
    // another way (a Binary through /fhir) is handed over as an opaque download, never
    // rendered as, say, HTML on this origin.
    const safe = DOCUMENT_TYPES[content.contentType] !== undefined;
    const inline = safe && download !== '1' && download !== 'true';
    reply
      .type(safe ? content.contentType : 'application/octet-stream')
      .header('Content-Disposition', disposition(inline ? 'inline' : 'attachment', content.filename))
      .header('X-Content-Type-Options', 'nosniff');
    // The chart previews a PDF in a frame of its own page: this answer alone may be framed,
    // and by this origin only.
    if (inline) reply.header('X-Frame-Options', 'SAMEORIGIN').header('Content-Security-Policy', FRAMEABLE_BY_SELF);
    return reply.send(content.bytes);
  });
}
