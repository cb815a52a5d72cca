/**
 * Filing a document: choose a file (or drop it on the area), give a title and a category,
 * and watch it go up. The server decides what a file really is and how large it may be; its
 * refusal (415 not a PDF or image, 413 too large) is shown as it says it, and the form keeps
 * the entries so another file can be tried.
 */
import { useRef, useState, type DragEvent } from 'react';
import { Alert, Autocomplete, Button, FileInput, Group, Paper, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ApiError } from '../../../../api/http.ts';
import { applyServerErrors } from '../../../../components/server-errors.ts';
import { documentUploadUrl, type DocumentSummary } from '../chart-api.ts';
import { useRefreshPatient } from '../chart-queries.ts';
import { notify } from '../notify.ts';
import { ACCEPT_ATTRIBUTE, DOCUMENT_CATEGORIES, isAcceptedFile, titleFromFileName } from './document-files.ts';
import { uploadWithProgress } from './upload-with-progress.ts';

interface Values {
  file: File | null;
  title: string;
  category: string;
}

export function UploadForm({ patientId }: { patientId: string }) {
  const refresh = useRefreshPatient();
  const [progress, setProgress] = useState<number | null>(null);
  const [refusal, setRefusal] = useState<{ title: string; message: string }>();
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { file: null, title: '', category: '' },
    validateInputOnChange: true,
    validate: {
      file: (f) =>
        !f
          ? 'Choose a PDF or an image'
          : !isAcceptedFile(f)
            ? `“${f.name}” is not a PDF or an image; only PDF, PNG, JPEG, GIF, WebP and TIFF are filed`
            : null,
      title: (v) => (!v.trim() ? 'Give the document a title' : v.trim().length > 200 ? 'At most 200 characters' : null),
      category: (v) => (v.trim().length > 100 ? 'At most 100 characters' : null),
    },
  });

  const choose = (file: File | null) => {
    form.setFieldValue('file', file);
    // A title to start from, which the user can change.
    if (file && !form.values.title.trim()) form.setFieldValue('title', titleFromFileName(file.name));
    setRefusal(undefined);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = e.dataTransfer.files;
    if (files.length > 1) form.setFieldError('file', 'Drop one file at a time');
    else if (files.length === 1) choose(files[0]);
  };

  const submit = form.onSubmit(async (values) => {
    const body = new FormData();
    body.append('title', values.title.trim());
    if (values.category.trim()) body.append('category', values.category.trim());
    body.append('file', values.file!, values.file!.name);
    setRefusal(undefined);
    setProgress(0);
    abort.current = new AbortController();
    try {
      const doc = await uploadWithProgress<DocumentSummary>(documentUploadUrl(patientId), body, setProgress, abort.current.signal);
      notify(`“${doc.title}” is filed.`);
      form.reset();
      await refresh(patientId);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      // Too large or not a document: about the file, not a field the user typed; said in full above the form.
      if (err instanceof ApiError && (err.status === 413 || err.status === 415))
        setRefusal({ title: err.status === 413 ? 'The file is too large' : 'This kind of file is not accepted', message: err.message });
      else {
        const rest = applyServerErrors(form, err);
        if (rest) setRefusal({ title: 'The document was not filed', message: rest });
      }
    } finally {
      setProgress(null);
      abort.current = null;
    }
  });

  const uploading = progress !== null;
  const percent = Math.round((progress ?? 0) * 100);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="upload-heading">
      <Title order={2} size="h4" id="upload-heading" mb="sm">
        File a document
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          {refusal && (
            <Alert color="red" role="alert" title={refusal.title}>
              {refusal.message}
            </Alert>
          )}
          <Paper
            p="md"
            radius="md"
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="drop-area"
            style={{
              border: `2px dashed var(--mantine-color-${dragging ? 'teal-9' : 'gray-5'})`,
              background: dragging ? 'var(--mantine-color-teal-0)' : undefined,
            }}
          >
            <FileInput
              label="File"
              description="A PDF or an image (PNG, JPEG, GIF, WebP, TIFF). Choose one, or drag it onto this area."
              placeholder="Choose a file"
              // Mantine's placeholder grey is too faint to read (2:1); the app's dimmed grey passes AA.
              styles={{ placeholder: { color: 'var(--mantine-color-dimmed)' } }}
              accept={ACCEPT_ATTRIBUTE}
              clearable
              required
              disabled={uploading}
              value={form.values.file}
              onChange={choose}
              error={form.errors.file}
            />
          </Paper>
          <Group grow align="flex-start">
            <TextInput label="Title" required disabled={uploading} {...form.getInputProps('title')} />
            <Autocomplete
              label="Category"
              description="Pick one or type your own."
              data={DOCUMENT_CATEGORIES}
              disabled={uploading}
              {...form.getInputProps('category')}
            />
          </Group>
          {uploading && (
            <Stack gap={4}>
              <Progress value={percent} aria-label="Upload progress" animated={percent < 100} />
              <Text size="sm" role="status">
                {percent < 100 ? `Uploading… ${percent}%` : 'Checking and filing the document…'}
              </Text>
            </Stack>
          )}
          <Group>
            <Button type="submit" loading={uploading}>
              Upload
            </Button>
            {uploading && (
              <Button variant="default" onClick={() => abort.current?.abort()}>
                Cancel upload
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
