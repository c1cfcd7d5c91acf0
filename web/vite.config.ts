import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API server (server/) listens on 127.0.0.1:3000; the dev server forwards API calls to it.
// XZ_API_TARGET lets a developer point the dev server at another instance.
const target = process.env.XZ_API_TARGET ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target, changeOrigin: false },
      '/open311': { target, changeOrigin: false },
    },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    proxy: {
      '/api': { target, changeOrigin: false },
      '/open311': { target, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
