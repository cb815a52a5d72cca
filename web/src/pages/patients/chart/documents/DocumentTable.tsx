/** The patient's documents, newest first: what each is, how large, when and by whom, and how to see it. */
import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { useFormat } from '../../../../i18n/locale.tsx';
import { documentContentUrl, type DocumentSummary } from '../chart-api.ts';
import { AuthorName } from './AuthorName.tsx';
import { fileSize, formatLabel } from './document-files.ts';
import { ColumnHeads } from '../../../../components/ColumnHeads.tsx';

export function DocumentTable({ documents, onPreview }: { documents: DocumentSummary[]; onPreview: (doc: DocumentSummary) => void }) {
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover captionSide="top">
        <Table.Caption>
          {documents.length} {documents.length === 1 ? 'document' : 'documents'}, newest first
        </Table.Caption>
        <ColumnHeads
          columns={[
            { label: 'Title' },
            { label: 'Category' },
            { label: 'Format' },
            { label: 'Size' },
            { label: 'Filed' },
            { label: 'Author' },
            { label: 'Actions', hidden: true },
          ]}
        />
        <Table.Tbody>
          {documents.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {d.title}
                </Text>
                {d.filename && d.filename !== d.title && (
                  <Text size="xs" c="dimmed">
                    {d.filename}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{d.category ?? '—'}</Table.Td>
              <Table.Td>{formatLabel(d.contentType)}</Table.Td>
              <Table.Td>{fileSize(d.size, format.locale)}</Table.Td>
              <Table.Td>{format.dateTime(d.date)}</Table.Td>
              <Table.Td>
                <AuthorName reference={d.author} />
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" variant="light" onClick={() => onPreview(d)} aria-label={`Preview ${d.title}`}>
                    Preview
                  </Button>
                  <Anchor
                    href={documentContentUrl(d.id, true)}
                    download={d.filename ?? d.title}
                    size="sm"
                    aria-label={`Download ${d.title}`}
                  >
                    Download
                  </Anchor>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
