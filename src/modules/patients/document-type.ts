/**
 * What a document upload really is, decided by its first bytes (the `file-type` package),
 * never by its name or the type the client declares: only PDF and the common image formats
 * of scanned paper are kept, and the declared type and the file name's extension must agree
 * with the content. An executable renamed `.pdf`, or a PDF sent as `image/png`, is refused
 * with a 415 that says which.
 */
import { fileTypeFromBuffer } from 'file-type';
import { HaleError } from '../../errors.ts';

/** Accepted content types and the extensions a file of each may carry. */
export const DOCUMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/tiff': ['tif', 'tiff'],
};

/** Names clients use for the same formats. */
const ALIASES: Readonly<Record<string, string>> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'image/x-png': 'image/png' };

/** Declared types that declare nothing (a browser that does not know the extension). */
const UNDECLARED = new Set(['application/octet-stream', 'binary/octet-stream']);

const unsupported = (message: string) => new HaleError('unsupported-media-type', message, [{ field: 'file', message }]);

export function mediaType(header: string | undefined): string | undefined {
  const t = header?.split(';')[0]?.trim().toLowerCase();
  return t ? (ALIASES[t] ?? t) : undefined;
}

export function extensionOf(filename: string | undefined): string | undefined {
  const m = filename ? /\.([A-Za-z0-9]{1,10})$/.exec(filename.trim()) : null;
  return m ? m[1]!.toLowerCase() : undefined;
}

export async function documentType(bytes: Uint8Array, declared: string | undefined, filename: string | undefined): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  const accepted = Object.keys(DOCUMENT_TYPES)
    .map((t) => t.split('/')[1]!.toUpperCase())
    .join(', ');
  if (!found || !DOCUMENT_TYPES[found.mime]) {
    const what = found ? `${found.mime} (.${found.ext})` : 'not a format this server recognises';
    throw unsupported(`The file's content is ${what}; only ${accepted} documents are accepted`);
  }
  const type = mediaType(declared);
  if (type && !UNDECLARED.has(type) && type !== found.mime) {
    throw unsupported(`The upload is declared as ${type} but its content is ${found.mime}; send it with the type it has`);
  }
  const ext = extensionOf(filename);
  if (ext && !DOCUMENT_TYPES[found.mime]!.includes(ext)) {
    throw unsupported(`The file name ends in .${ext} but its content is ${found.mime} (.${DOCUMENT_TYPES[found.mime]![0]})`);
  }
  return found.mime;
}
