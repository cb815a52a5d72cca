/**
 * A document shown in the browser, in a dialog: a PDF in a frame (the browser's own viewer),
 * an image as an image. Both read /api/v1/documents/:id/content, which checks access and
 * audits the view. A new tab and a download are offered too, for formats a browser cannot
 * show (TIFF) and for a server whose headers forbid framing.
 */
import { Anchor, Group, Image, Modal, Stack, Text } from '@mantine/core';
import { documentContentUrl, type DocumentSummary } from '../chart-api.ts';
import { previewKind } from './document-files.ts';

export function DocumentPreview({ document: doc, onClose }: { document: DocumentSummary | undefined; onClose: () => void }) {
  const kind = doc ? previewKind(doc.contentType) : 'none';
  return (
    <Modal
      opened={!!doc}
      onClose={onClose}
      title={doc ? `Preview: ${doc.title}` : 'Preview'}
      size="90%"
      closeButtonProps={{ 'aria-label': 'Close the preview' }}
    >
      {doc && (
        <Stack>
          {kind === 'pdf' && (
            <iframe
              src={documentContentUrl(doc.id)}
              title={`${doc.title} (PDF)`}
              style={{ width: '100%', height: '72vh', border: '1px solid var(--mantine-color-gray-4)' }}
            />
          )}
          {kind === 'image' && <Image src={documentContentUrl(doc.id)} alt={doc.title} fit="contain" mah="72vh" />}
          {kind === 'none' && <Text size="sm">This browser cannot show {doc.contentType} files; download the document to open it.</Text>}
          <Group>
            <Anchor href={documentContentUrl(doc.id)} target="_blank" rel="noopener noreferrer" size="sm">
              Open in a new tab
            </Anchor>
            <Anchor href={documentContentUrl(doc.id, true)} download={doc.filename ?? doc.title} size="sm">
              Download
            </Anchor>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
