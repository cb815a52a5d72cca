/** Who the patient is: names, sex and gender identity, birth date, marital status, language, photo. */
import { useState } from 'react';
import { Avatar, Button, FileButton, Group, NativeSelect, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useRegistrationForm } from './form-context.ts';
import { FormSection } from './FormSection.tsx';

const PHOTO_MAX_BYTES = 1024 * 1024;

export const MARITAL_STATUS_OPTIONS = [
  { value: '', label: 'Not asked' },
  { value: 'S', label: 'Never married' },
  { value: 'M', label: 'Married' },
  { value: 'T', label: 'Domestic partner' },
  { value: 'L', label: 'Legally separated' },
  { value: 'D', label: 'Divorced' },
  { value: 'W', label: 'Widowed' },
  { value: 'A', label: 'Annulled' },
  { value: 'I', label: 'Interlocutory' },
  { value: 'P', label: 'Polygamous' },
  { value: 'U', label: 'Unmarried' },
  { value: 'UNK', label: 'Unknown' },
];

export const SEX_OPTIONS = [
  { value: '', label: 'Choose…' },
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'other', label: 'Other' },
  { value: 'unknown', label: 'Unknown' },
];

export function IdentitySection() {
  const form = useRegistrationForm();
  const [photoError, setPhotoError] = useState<string>();
  const photo = form.getValues().photo;

  const readPhoto = (file: File | null) => {
    setPhotoError(undefined);
    if (!file) return;
    if (!['image/jpeg', 'image/png'].includes(file.type)) return setPhotoError('Use a JPEG or PNG photo');
    if (file.size > PHOTO_MAX_BYTES) return setPhotoError('The photo is over 1 MB; use a smaller one');
    const reader = new FileReader();
    reader.onload = () => form.setFieldValue('photo', String(reader.result));
    reader.onerror = () => setPhotoError('The photo could not be read');
    reader.readAsDataURL(file);
  };

  return (
    <FormSection title="Patient">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <TextInput
          label="Title"
          description="Mr, Ms, Dr…"
          autoComplete="off"
          {...form.getInputProps('name.prefix')}
          key={form.key('name.prefix')}
        />
        <TextInput label="Given names" required autoComplete="off" {...form.getInputProps('name.given')} key={form.key('name.given')} />
        <TextInput label="Family name" required autoComplete="off" {...form.getInputProps('name.family')} key={form.key('name.family')} />
        <TextInput
          label="Suffix"
          description="Jr, III…"
          autoComplete="off"
          {...form.getInputProps('name.suffix')}
          key={form.key('name.suffix')}
        />
        <TextInput
          label="Preferred name"
          description="What the patient likes to be called"
          {...form.getInputProps('preferredName')}
          key={form.key('preferredName')}
        />
        <TextInput
          label="Date of birth"
          type="date"
          required
          max={new Date().toISOString().slice(0, 10)}
          {...form.getInputProps('birthDate')}
          key={form.key('birthDate')}
        />
        <NativeSelect label="Sex (administrative)" required data={SEX_OPTIONS} {...form.getInputProps('sex')} key={form.key('sex')} />
        <TextInput
          label="Gender identity"
          description="In the patient's words, if they wish"
          {...form.getInputProps('genderIdentity')}
          key={form.key('genderIdentity')}
        />
        <NativeSelect
          label="Marital status"
          data={MARITAL_STATUS_OPTIONS}
          {...form.getInputProps('maritalStatus')}
          key={form.key('maritalStatus')}
        />
        <TextInput
          label="Preferred language"
          description="A language tag: en, es, pt-BR"
          {...form.getInputProps('language')}
          key={form.key('language')}
        />
      </SimpleGrid>
      <Group mt="sm">
        <Avatar src={photo || null} size="lg" radius="md" alt={photo ? 'Patient photo' : undefined} />
        <FileButton onChange={readPhoto} accept="image/png,image/jpeg">
          {(props) => (
            <Button variant="default" {...props}>
              {photo ? 'Replace photo' : 'Add photo'}
            </Button>
          )}
        </FileButton>
        {photo && (
          <Button variant="subtle" color="red" onClick={() => form.setFieldValue('photo', '')}>
            Remove photo
          </Button>
        )}
        {(photoError || form.errors.photo) && (
          <Text c="red.9" size="sm" role="alert">
            {photoError ?? form.errors.photo}
          </Text>
        )}
      </Group>
    </FormSection>
  );
}
