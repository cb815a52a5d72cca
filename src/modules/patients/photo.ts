/**
 * The patient's photo arrives as a data URL (what a browser's camera capture or file
 * reader gives). It is checked by its bytes, not its label: only JPEG and PNG, and the
 * declared type must be what the bytes are, so a script or an SVG cannot ride in as a photo.
 * Capped in size: it sits inside the Patient resource, which every chart read returns.
 */
import { fileTypeFromBuffer } from 'file-type';
import type { FieldErrors } from './field-errors.ts';

export const PHOTO_MAX_BYTES = 1024 * 1024;
const PHOTO_TYPES = ['image/jpeg', 'image/png'];
const DATA_URL = /^data:(image\/(?:jpeg|png));base64,([A-Za-z0-9+/]+={0,2})$/;

export interface Photo {
  contentType: string;
  /** Base64, as FHIR Attachment.data holds it. */
  data: string;
  size: number;
}

export async function parsePhoto(errors: FieldErrors, value: unknown, field: string): Promise<Photo | undefined> {
  if (value === undefined || value === null || value === '') return undefined;
  const m = typeof value === 'string' ? DATA_URL.exec(value) : null;
  if (!m) {
    errors.add(field, 'must be a data URL of a JPEG or PNG image (data:image/jpeg;base64,...)');
    return undefined;
  }
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length > PHOTO_MAX_BYTES) {
    errors.add(field, `must be at most ${PHOTO_MAX_BYTES / 1024} KiB (this one is ${Math.ceil(bytes.length / 1024)} KiB)`);
    return undefined;
  }
  const found = await fileTypeFromBuffer(bytes);
  if (!found || !PHOTO_TYPES.includes(found.mime)) {
    errors.add(field, 'is not a JPEG or PNG image');
    return undefined;
  }
  if (found.mime !== m[1]) {
    errors.add(field, `says ${m[1]} but the image is ${found.mime}`);
    return undefined;
  }
  return { contentType: found.mime, data: m[2]!, size: bytes.length };
}

export function photoDataUrl(p: { contentType?: string; data?: string }): string | undefined {
  return p.contentType && p.data ? `data:${p.contentType};base64,${p.data}` : undefined;
}
