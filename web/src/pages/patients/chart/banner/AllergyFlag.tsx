/**
 * The allergy flag: the first thing a prescriber looks for. Red with the count when there are
 * active allergies; said plainly when the caller's role may not read them, so "no flag" is
 * never mistaken for "no allergies".
 */
import { Badge } from '@mantine/core';
import type { ChartSummary } from '../chart-api.ts';

export function AllergyFlag({ allergies }: { allergies: ChartSummary['allergies'] }) {
  if (allergies === null)
    return (
      <Badge size="lg" variant="outline" color="gray" tt="none">
        Allergies: not visible to your role
      </Badge>
    );
  if (allergies.flag)
    return (
      <Badge size="lg" variant="filled" color="red" tt="none">
        Allergies: {allergies.active}
      </Badge>
    );
  return (
    // Teal: green's text on its tint falls short of WCAG AA contrast.
    <Badge size="lg" variant="light" color="teal" tt="none">
      No known allergies
    </Badge>
  );
}
