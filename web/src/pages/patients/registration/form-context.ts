/** The registration form shared by its sections (Mantine's form context). */
import { createFormContext } from '@mantine/form';
import type { FormValues } from './form-values.ts';

export const [RegistrationFormProvider, useRegistrationForm, useRegistrationFormState] = createFormContext<FormValues>();
