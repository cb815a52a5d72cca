/**
 * The web app's build. Output goes to web/dist, which the server serves at /.
 * `html.cspNonce` marks every tag Vite writes with a placeholder the server replaces by a
 * fresh nonce per response, so the page runs under a CSP without 'unsafe-inline'.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export const CSP_NONCE_PLACEHOLDER = '__HALE_CSP_NONCE__';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8080', '/fhir': 'http://localhost:8080' },
  },
});
