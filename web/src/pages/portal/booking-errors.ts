/**
 * What a refused booking, move or cancellation means for the patient. The server's rule
 * refusals are already plain sentences and are shown as they are; a time taken meanwhile
 * (409) is said simply, without the appointment numbers the server's message carries.
 */
import { ApiError } from '../../api/http.ts';

export function refusalText(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Please try again.';
  if (err.status === 409 && /Double booking/.test(err.message)) {
    return err.details.some((d) => d.field === 'patientId')
      ? 'You already have an appointment at that time. Please choose another time.'
      : 'Sorry, that time has just been taken. Please choose another time.';
  }
  if (err.status === 0) return err.message;
  if (err.details.length) return err.details.map((d) => d.message).join(' ');
  return err.message;
}
