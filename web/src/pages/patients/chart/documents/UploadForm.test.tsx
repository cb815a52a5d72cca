// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderChart, stubXhr, summaryOf } from '../test-kit.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const REFUSAL = "The file's content is application/x-msdownload (.exe); only PDF, PNG, JPEG, GIF, WEBP, TIFF documents are accepted";

describe('document upload', () => {
  it("shows the server's 415 message and keeps what was entered", async () => {
    const { server, container } = renderChart('/patients/p1/documents', ['doctor'], {
      'GET /api/v1/patients/p1/chart-summary': () => ({ body: summaryOf({ id: 'p1' }) }),
      'GET /api/v1/patients/p1/documents': () => ({ body: { documents: [] } }),
      'POST /api/v1/patients/p1/documents': () => ({
        status: 415,
        body: { error: { code: 'unsupported-media-type', message: REFUSAL, details: [{ field: 'file', message: REFUSAL }] } },
      }),
    });
    const sent = stubXhr(server);
    const user = userEvent.setup();
    await screen.findByText('No documents are filed for this patient yet.');
    const input = container.ownerDocument.querySelector<HTMLInputElement>('input[type=file]')!;
    await user.upload(input, new File(['MZ not really a pdf'], 'referral.pdf', { type: 'application/pdf' }));
    // The title starts from the file name.
    expect((screen.getByRole('textbox', { name: /Title/ }) as HTMLInputElement).value).toBe('referral');
    await user.type(screen.getByRole('combobox', { name: /Category/ }), 'Referral letter');
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(REFUSAL);
    expect(alert.textContent).toContain('This kind of file is not accepted');
    // Sent as multipart, with the CSRF-protected XHR, to the patient's documents.
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe('/api/v1/patients/p1/documents');
    const body = sent[0].body as FormData;
    expect(body.get('title')).toBe('referral');
    expect(body.get('category')).toBe('Referral letter');
    expect((body.get('file') as File).name).toBe('referral.pdf');
    // A refused upload keeps the entries for another try.
    expect((screen.getByRole('textbox', { name: /Title/ }) as HTMLInputElement).value).toBe('referral');
    expect((screen.getByRole('combobox', { name: /Category/ }) as HTMLInputElement).value).toBe('Referral letter');
  });

  it('refuses other kinds of file before sending them', async () => {
    const { server, container } = renderChart('/patients/p1/documents', ['nurse'], {
      'GET /api/v1/patients/p1/chart-summary': () => ({ body: summaryOf({ id: 'p1' }) }),
      'GET /api/v1/patients/p1/documents': () => ({ body: { documents: [] } }),
    });
    const sent = stubXhr(server);
    const user = userEvent.setup({ applyAccept: false });
    await screen.findByText('No documents are filed for this patient yet.');
    await user.upload(
      container.ownerDocument.querySelector<HTMLInputElement>('input[type=file]')!,
      new File(['x'], 'notes.docx', { type: 'application/msword' }),
    );
    expect(await screen.findByText(/“notes.docx” is not a PDF or an image/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(sent).toHaveLength(0);
  });
});
