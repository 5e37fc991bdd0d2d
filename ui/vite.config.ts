import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The Service Management UI: served under /genesys/ by the local runtime and by CloudFront in
 * AWS, next to the API it calls (/genesys/1/...), so the UI is always same-origin with it.
 */
export default defineConfig({
  root,
  base: '/genesys/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npm run dev:ui` next to `npm start`: the API is proxied to the local runtime.
    proxy: { '/genesys/1': { target: 'http://127.0.0.1:8080', ws: true } },
    fs: { allow: ['..'] },
  },
});
