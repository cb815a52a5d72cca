/**
 * The Changes tab: who changed what, when, newest first: each version of the record with its
 * time, its author (name and the roles held then) and the fields it changed. The page number
 * is in the URL (?page=2), so Back returns to the same page.
 */
import { Badge, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../../../i18n/locale.tsx';
import type { ChartTabProps } from '../chart-tabs.ts';
import { useChanges } from '../chart-queries.ts';
import { ChangeList } from './ChangeList.tsx';
import { ColumnHeads } from '../../../../components/ColumnHeads.tsx';
import { LoadStatus } from '../../../../components/LoadStatus.tsx';

const PAGE_SIZE = 10;

export default function ChangesTab({ patientId }: ChartTabProps) {
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const changes = useChanges(patientId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const pages = changes.data ? Math.max(1, Math.ceil(changes.data.total / PAGE_SIZE)) : 1;
  return (
    <Stack>
      <LoadStatus query={changes} what="the changes" />
      {changes.data && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" captionSide="top" style={{ opacity: changes.isPlaceholderData ? 0.6 : 1 }}>
            <Table.Caption>
              {changes.data.total} {changes.data.total === 1 ? 'version' : 'versions'} of this record, newest first
              {pages > 1 ? ` (page ${page} of ${pages})` : ''}
            </Table.Caption>
            <ColumnHeads
              columns={[
                { label: 'Version', width: 80 },
                { label: 'When', width: 180 },
                { label: 'Who', width: 220 },
                { label: 'What changed' },
              ]}
            />
            <Table.Tbody>
              {changes.data.versions.map((v) => (
                <Table.Tr key={v.versionId} style={{ verticalAlign: 'top' }}>
                  <Table.Td>{v.versionId}</Table.Td>
                  <Table.Td>{format.dateTime(v.when)}</Table.Td>
                  <Table.Td>
                    {v.who ? (
                      <Stack gap={2}>
                        <Text size="sm" fw={600}>
                          {v.who.display}
                        </Text>
                        <Group gap={4}>
                          {v.who.roles.map((r) => (
                            <Badge key={r} size="xs" variant="light" tt="none">
                              {r}
                            </Badge>
                          ))}
                        </Group>
                      </Stack>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Not on record (an import or the system)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ChangeList version={v} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages > 1 && (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={(p) => setParams(p === 1 ? {} : { page: String(p) })}
          getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
          getControlProps={(control) => ({ 'aria-label': `${control[0].toUpperCase()}${control.slice(1)} page` })}
          aria-label="Pages of changes"
        />
      )}
    </Stack>
  );
}
