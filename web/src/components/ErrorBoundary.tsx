/** A page that throws shows what happened and a way on, instead of a blank screen. */
import { Component, type ReactNode } from 'react';
import { Alert, Button, Stack } from '@mantine/core';

/** `resetKey`: when it changes (the user went to another page), a shown error is cleared. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error?: Error }> {
  state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidUpdate(previous: { resetKey?: string }) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: undefined });
  }

  render() {
    if (!this.state.error) return this.props.children;
    const chunkMissing = /dynamically imported module|Failed to fetch/i.test(this.state.error.message);
    return (
      <Stack maw={560}>
        <Alert color="red" title="This page could not be shown" role="alert">
          {chunkMissing ? 'Hale was updated since this page was opened. Reload to get the new version.' : this.state.error.message}
        </Alert>
        <Button w="fit-content" onClick={() => window.location.reload()}>
          Reload
        </Button>
      </Stack>
    );
  }
}
