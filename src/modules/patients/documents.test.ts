/**
 * Documents through the real server: a PDF filed (multipart and raw), listed and read back
 * byte for byte with the right headers and an audit record; an executable renamed .pdf, a
 * type that lies and a file over HALE_DOCUMENT_MAX_BYTES refused with 415 and 413. The
 * default limit (20 MiB) is used, so a 20 MiB upload is exercised as such.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalRegistration, startKit, type Kit } from './patient-test-kit.ts';

let k: Kit;
let patientId: string;
beforeAll(async () => {
  k = await startKit();
  patientId = (await k.register(minimalRegistration('Docs', 'Dora', '1970-07-07'))).id;
}, 120_000);
afterAll(() => k?.stop());

const MAX = 20 * 1024 * 1024;

/** A PDF of exactly `size` bytes (a header, padding in a comment, the trailer). */
function pdf(size = 2048): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%', 'latin1');
  const tail = Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  const pad = Buffer.alloc(size - head.length - tail.length, 0x41);
  return Buffer.concat([head, pad, tail]);
}

/** The start of a Windows executable (the MZ header with its PE pointer), as file-type knows it. */
const EXE = Buffer.concat([
  Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]),
  Buffer.alloc(200),
]);

async function upload(form: FormData, who: 'doctor' | 'reception' | 'admin' = 'doctor', id = patientId) {
  const res = await fetch(`${k.s.url}/api/v1/patients/${id}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${k.tokens[who]}` },
    body: form,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

async function uploadRaw(bytes: Buffer, type: string, query: string) {
  const res = await fetch(`${k.s.url}/api/v1/patients/${patientId}/documents?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${k.tokens.doctor}`, 'content-type': type },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: (await res.json()) as any };
}

function formWith(
  bytes: Buffer,
  filename: string,
  type: string,
  fields: Record<string, string> = { title: 'Referral letter', category: 'referral' },
) {
  const form = new FormData();
  for (const [k2, v] of Object.entries(fields)) form.append(k2, v);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return form;
}

describe('documents', () => {
  it('files a PDF as a Binary and a DocumentReference, lists it, and serves it back byte for byte, audited', async () => {
    const bytes = pdf(5000);
    const r = await upload(formWith(bytes, 'referral.pdf', 'application/pdf'));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const sha1 = createHash('sha1').update(bytes).digest('base64');
    expect(r.body).toMatchObject({
      title: 'Referral letter',
      category: 'referral',
      contentType: 'application/pdf',
      size: 5000,
      hash: sha1,
      filename: 'referral.pdf',
      author: 'Practitioner/prac-doe',
    });

    const doc = (await k.s.fhir('GET', `DocumentReference/${r.body.id}`)).body;
    expect(doc).toMatchObject({
      status: 'current',
      subject: { reference: `Patient/${patientId}` },
      author: [{ reference: 'Practitioner/prac-doe' }],
      description: 'Referral letter',
    });
    expect(doc.content[0].attachment).toMatchObject({
      contentType: 'application/pdf',
      size: 5000,
      hash: sha1,
      url: expect.stringMatching(/^Binary\//),
    });
    const binary = (await k.s.fhir('GET', doc.content[0].attachment.url)).body;
    expect(binary).toMatchObject({ contentType: 'application/pdf', securityContext: { reference: `DocumentReference/${r.body.id}` } });
    expect(Buffer.from(binary.data, 'base64').equals(bytes)).toBe(true);

    const list = await k.api('nurse', 'GET', `/api/v1/patients/${patientId}/documents`);
    expect(list.body.documents.map((d: { id: string }) => d.id)).toContain(r.body.id);

    const res = await fetch(`${k.s.url}/api/v1/documents/${r.body.id}/content`, { headers: { authorization: `Bearer ${k.tokens.nurse}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="referral.pdf"; filename*=UTF-8''referral.pdf`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // The chart's preview frames it: allowed for this origin only.
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    const audit = (
      await k.s.hale.db.query<{ action: string; user_id: string; resource_type: string; resource_id: string; patient_ids: string[] }>(
        'SELECT action, user_id, resource_type, resource_id, patient_ids FROM audit_event WHERE request_id = $1',
        [res.headers.get('x-request-id')],
      )
    ).rows;
    expect(audit).toEqual([
      { action: 'read', user_id: k.userIds.nurse, resource_type: 'DocumentReference', resource_id: r.body.id, patient_ids: [patientId] },
    ]);

    const download = await fetch(`${k.s.url}/api/v1/documents/${r.body.id}/content?download=1`, {
      headers: { authorization: `Bearer ${k.tokens.nurse}` },
    });
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="referral.pdf"/);
  });

  it('takes a raw body with its Content-Type, title and category in the query', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const r = await uploadRaw(png, 'image/png', 'title=Insurance%20card&category=insurance&filename=card.png');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      title: 'Insurance card',
      category: 'insurance',
      contentType: 'image/png',
      size: png.length,
      filename: 'card.png',
    });
  });

  it('refuses an executable renamed .pdf, and a type that does not match the content (415)', async () => {
    const exe = await upload(formWith(EXE, 'scan.pdf', 'application/pdf'));
    expect(exe.status).toBe(415);
    expect(exe.body.error.message).toMatch(/content is application\/x-msdownload.*only PDF, PNG, JPEG, GIF, WEBP, TIFF/);
    const lying = await upload(formWith(pdf(), 'scan.pdf', 'image/png'));
    expect(lying.status).toBe(415);
    expect(lying.body.error.message).toMatch(/declared as image\/png but its content is application\/pdf/);
    const renamed = await upload(formWith(pdf(), 'scan.jpg', 'application/octet-stream'));
    expect(renamed.status).toBe(415);
    expect(renamed.body.error.message).toMatch(/ends in \.jpg but its content is application\/pdf/);
    const raw = await uploadRaw(EXE, 'application/pdf', 'title=x');
    expect(raw.status).toBe(415);
  });

  it('takes a document of the full 20 MiB and refuses one byte more (413), both ways', async () => {
    const before = await k.count('DocumentReference');
    const full = await upload(formWith(pdf(MAX), 'big.pdf', 'application/pdf'));
    expect(full.status, JSON.stringify(full.body)).toBe(201);
    expect(full.body.size).toBe(MAX);
    const over = await upload(formWith(pdf(MAX + 1), 'bigger.pdf', 'application/pdf'));
    expect(over.status).toBe(413);
    expect(over.body.error.message).toMatch(/at most 20 MiB \(HALE_DOCUMENT_MAX_BYTES\)/);
    const rawOver = await uploadRaw(pdf(MAX + 1), 'application/pdf', 'title=big');
    expect(rawOver.status).toBe(413);
    expect(await k.count('DocumentReference')).toBe(before + 1);
    // Elsewhere the server's own body limit still applies: JSON routes take JSON only.
    const json = await k.api('doctor', 'POST', '/api/v1/patients/duplicates', undefined, { 'content-type': 'application/pdf' });
    expect(json.status).toBe(415);
  }, 120_000);

  it('never renders a type an upload could not have: such content is an opaque download', async () => {
    const html = await k.s.fhir('PUT', 'Binary/html-1', {
      resourceType: 'Binary',
      id: 'html-1',
      contentType: 'text/html',
      securityContext: { reference: 'DocumentReference/doc-html' },
      data: Buffer.from('<script>alert(1)</script>').toString('base64'),
    });
    expect(html.status, JSON.stringify(html.body)).toBe(201);
    const doc = await k.s.fhir('PUT', 'DocumentReference/doc-html', {
      resourceType: 'DocumentReference',
      id: 'doc-html',
      status: 'current',
      subject: { reference: `Patient/${patientId}` },
      content: [{ attachment: { contentType: 'text/html', url: 'Binary/html-1', title: 'page.html' } }],
    });
    expect(doc.status, JSON.stringify(doc.body)).toBe(201);
    const res = await fetch(`${k.s.url}/api/v1/documents/doc-html/content`, { headers: { authorization: `Bearer ${k.tokens.doctor}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('is a DocumentReference write for the access policy: the front desk may not file clinical documents', async () => {
    const before = await k.count('DocumentReference');
    const r = await upload(formWith(pdf(), 'x.pdf', 'application/pdf'), 'reception');
    expect(r.status).toBe(403);
    expect(await k.count('DocumentReference')).toBe(before);
    const res = await fetch(`${k.s.url}/api/v1/documents/nope/content`, { headers: { authorization: `Bearer ${k.tokens.doctor}` } });
    expect(res.status).toBe(404);
  });
});
