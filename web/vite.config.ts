/** Builds the front end: one HTML page per portal (verify, station, wallet, dashboard) sharing hashed assets under /assets. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import pages from './pages.json';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  // Files that keep their names (the wallet's manifest, icons and service worker), copied to dist as they are.
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    // The Sarabun font files ship in an npm package; this lets the CSS point at them so they are bundled (no CDN).
    alias: { '@sarabun': fileURLToPath(new URL('../node_modules/@expo-google-fonts/sarabun', import.meta.url)) },
  },
  // `npx vite --config web/vite.config.ts` serves the pages with hot reload against a running `npm start`.
  server: { proxy: Object.fromEntries(['/api', '/trust-list.json', '/pki'].map((path) => [path, 'http://127.0.0.1:8080'])) },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Fonts must stay files (cacheable, not inlined into CSS).
    assetsInlineLimit: 0,
    rollupOptions: { input: Object.fromEntries(pages.map((page) => [page, `${webRoot}${page}.html`])) },
  },
});
