/**
 * Setup for the web app's component tests (files marked `@vitest-environment jsdom`):
 * jsdom lacks a few browser features Mantine reads.
 */
import { afterEach } from 'vitest';

if (typeof window !== 'undefined') {
  const { cleanup, configure } = await import('@testing-library/react');
  afterEach(() => cleanup());
  // Lazy screens and debounced checks take a while on a busy 2-core machine (two files run at
  // once): wait up to 8 s for what a user would see.
  configure({ asyncUtilTimeout: 8000 });
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
  window.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  window.HTMLElement.prototype.scrollIntoView ??= () => undefined;
  // Mantine's autosizing Textarea waits for fonts.
  if (!('fonts' in document))
    Object.defineProperty(document, 'fonts', {
      value: { ready: Promise.resolve(), addEventListener: () => undefined, removeEventListener: () => undefined },
    });
}
