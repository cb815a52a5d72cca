/**
 * What a document may be: the server keeps PDF and the image formats of scanned paper (it
 * checks the bytes; this only saves a pointless upload), and how a file's size and format read.
 */
export const ACCEPTED_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'image/tiff': 'TIFF',
};

const EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'jpe', 'jfif', 'gif', 'webp', 'tif', 'tiff'];

/** For the file chooser: types and extensions, since some systems label scans oddly. */
export const ACCEPT_ATTRIBUTE = [...Object.keys(ACCEPTED_TYPES), ...EXTENSIONS.map((e) => `.${e}`)].join(',');

export function isAcceptedFile(file: { name: string; type: string }): boolean {
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase();
  return !!ACCEPTED_TYPES[file.type] || (!!ext && EXTENSIONS.includes(ext));
}

/** "Scan 2024-03.pdf" -> "Scan 2024-03": a title to start from. */
export const titleFromFileName = (name: string) =>
  name
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[_]+/g, ' ')
    .trim();

export function formatLabel(contentType: string): string {
  return ACCEPTED_TYPES[contentType] ?? contentType;
}

export function fileSize(bytes: number, locale: string): string {
  const units: [number, Intl.NumberFormatOptions['unit']][] = [
    [1024 * 1024 * 1024, 'gigabyte'],
    [1024 * 1024, 'megabyte'],
    [1024, 'kilobyte'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size)
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(bytes / size);
  }
  // Long form for bytes: the short one reads "405 byte".
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes);
}

/** Shown in the browser: PDFs in a frame, images in <img>. TIFF is a download in most browsers. */
export const previewKind = (contentType: string): 'pdf' | 'image' | 'none' =>
  contentType === 'application/pdf' ? 'pdf' : contentType.startsWith('image/') && contentType !== 'image/tiff' ? 'image' : 'none';

export const DOCUMENT_CATEGORIES = [
  'Referral letter',
  'Discharge summary',
  'Lab report',
  'Imaging report',
  'Consent form',
  'Identity document',
  'Insurance card',
  'Correspondence',
  'Other',
];
