import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI is built into dist/web and served by `fw server` at `/`; no separate server.
// `npx vite --config web/vite.config.ts` serves it in development, proxying the API.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': process.env.FW_TRACKING_URI ?? 'http://127.0.0.1:5050',
      '/ajax-api': process.env.FW_TRACKING_URI ?? 'http://127.0.0.1:5050',
    },
  },
});
