/**
 * Check in, start, complete: one call each, then every list that shows the appointment is
 * refreshed (calendar, reception list, homes) and the outcome is announced.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { visitStep, type VisitStep } from './scheduling-api.ts';

const DONE: Record<VisitStep, string> = {
  'check-in': 'Checked in',
  start: 'Consultation started',
  complete: 'Visit completed',
};

export function useRefreshScheduling() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: ['scheduling'] }), client.invalidateQueries({ queryKey: ['home'] })]);
}

export function useVisitStep() {
  const refresh = useRefreshScheduling();
  return useMutation({
    mutationFn: ({ id, step }: { id: string; step: VisitStep; who?: string }) => visitStep(id, step),
    onSuccess: async (_r, { step, who }) => {
      notifications.show({ color: 'green', title: DONE[step], message: who ?? '' });
      await refresh();
    },
    onError: (err, { step }) => {
      notifications.show({ color: 'red', title: `${DONE[step]}: not done`, message: err.message });
    },
  });
}
