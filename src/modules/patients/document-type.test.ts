import { describe, expect, it } from 'vitest';
import { documentType, extensionOf, mediaType } from './document-type.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, ...Array<number>(20).fill(0)]);

describe('document types', () => {
  it('are decided by the content, with the declared type and the extension checked against it', async () => {
    expect(await documentType(PDF, 'application/pdf', 'a.PDF')).toBe('application/pdf');
    expect(await documentType(PDF, 'application/octet-stream', undefined)).toBe('application/pdf');
    expect(await documentType(JPEG, 'image/jpg', 'photo.jpeg')).toBe('image/jpeg');
    await expect(documentType(PDF, 'image/png', 'a.pdf')).rejects.toMatchObject({ code: 'unsupported-media-type' });
    await expect(documentType(PDF, undefined, 'a.docx')).rejects.toThrow(/ends in \.docx/);
    await expect(documentType(Buffer.from('hello, plain text'), 'text/plain', 'a.txt')).rejects.toThrow(
      /not a format this server recognises/,
    );
  });

  it('read the media type and the extension', () => {
    expect(mediaType('Application/PDF; charset=binary')).toBe('application/pdf');
    expect(extensionOf('scan.final.TIFF')).toBe('tiff');
    expect(extensionOf('README')).toBeUndefined();
  });
});
