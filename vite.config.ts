import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The app has two pages, as every fhirclient browser app does: launch.html (the registered launch_uri,
// calls authorize) and index.html (the redirect_uri, calls ready). Both live at the repo root so their
// URLs are /launch.html and /index.html wherever the build is served.
export default defineConfig(({ command }) => ({
  plugins: [react()],
  // fhirclient's "pure" build for browsers that have fetch and AbortController (every browser that runs
  // ES modules, which the app needs anyway): leaves out cross-fetch and the AbortController polyfill,
  // 15% of the launch path (`npm run bench -- --only size`). Tests keep the library's default.
  define: command === 'build' ? { FHIRCLIENT_PURE: 'true' } : {},
  resolve: {
    alias: { 'isomorphic-webcrypto': fileURLToPath(new URL('smart-app/src/smart/webcrypto.ts', import.meta.url)) },
  },
  publicDir: 'smart-app/public',
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: { launch: 'launch.html', index: 'index.html' },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
}));
