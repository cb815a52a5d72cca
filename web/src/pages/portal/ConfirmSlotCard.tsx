/**
 * The last step of booking or moving an appointment in the portal: what will be booked,
 * any choice left (the kind of appointment), an optional reason, then confirm or go back to
 * the free times. Its heading takes the focus when the step opens (the page passes the ref).
 */
import type { ReactNode, Ref } from 'react';
import { Button, Card, Group, Stack, Textarea, Title } from '@mantine/core';

export function ConfirmSlotCard({
  id,
  title,
  headingRef,
  summary,
  children,
  reasonLabel,
  reasonDescription,
  reason,
  onReasonChange,
  maxReason,
  submitLabel,
  pending,
  onSubmit,
  onChooseAnother,
}: {
  /** The heading's id, which names the section. */
  id: string;
  title: string;
  headingRef: Ref<HTMLHeadingElement>;
  summary: ReactNode;
  /** Fields between the summary and the reason. */
  children?: ReactNode;
  reasonLabel: string;
  reasonDescription: string;
  reason: string;
  onReasonChange: (reason: string) => void;
  maxReason: number;
  submitLabel: string;
  pending: boolean;
  onSubmit: () => void;
  onChooseAnother: () => void;
}) {
  return (
    <Card withBorder component="section" aria-labelledby={id} maw={640}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <Stack>
          <Title order={2} size="h4" id={id} ref={headingRef} tabIndex={-1}>
            {title}
          </Title>
          {summary}
          {children}
          <Textarea
            label={reasonLabel}
            description={reasonDescription}
            value={reason}
            onChange={(e) => onReasonChange(e.currentTarget.value)}
            maxLength={maxReason}
            autosize
            minRows={2}
          />
          <Group>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
            <Button variant="default" onClick={onChooseAnother} disabled={pending}>
              Choose another time
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
