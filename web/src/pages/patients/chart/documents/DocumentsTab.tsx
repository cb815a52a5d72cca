/** The Documents tab: file a document (roles that may write notes), and the list with preview and download. */
import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import { useSession } from '../../../../auth/session-context.tsx';
import type { DocumentSummary } from '../chart-api.ts';
import { DOCUMENT_WRITERS } from '../chart-roles.ts';
import type { ChartTabProps } from '../chart-tabs.ts';
import { useDocuments } from '../chart-queries.ts';
import { DocumentPreview } from './DocumentPreview.tsx';
import { DocumentTable } from './DocumentTable.tsx';
import { UploadForm } from './UploadForm.tsx';
import { LoadStatus } from '../../../../components/LoadStatus.tsx';

export default function DocumentsTab({ patientId, summary }: ChartTabProps) {
  const { hasRole } = useSession();
  const documents = useDocuments(patientId);
  const [preview, setPreview] = useState<DocumentSummary>();
  // A record merged away takes no new documents: the server sends them to the survivor's record.
  const canFile = hasRole(...DOCUMENT_WRITERS) && !summary.patient.mergedInto;
  return (
    <Stack>
      {canFile && <UploadForm patientId={patientId} />}
      <LoadStatus query={documents} what="the documents" />
      {documents.data && documents.data.documents.length === 0 && (
        <Text size="sm" c="dimmed">
          No documents are filed for this patient yet.
        </Text>
      )}
      {documents.data && documents.data.documents.length > 0 && (
        <DocumentTable documents={documents.data.documents} onPreview={setPreview} />
      )}
      <DocumentPreview document={preview} onClose={() => setPreview(undefined)} />
    </Stack>
  );
}
