import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: 'safari15',
    outDir: 'dist',
    chunkSizeWarningLimit: 2000,
    // The clerk's window, and the citizen's (好差评 on the customer-facing screen).
    rollupOptions: { input: { main: 'index.html', citizen: 'citizen.html' } },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    // The antd styles generated at build time (zero-runtime antd) are applied as in the app: a
    // closed drawer is hidden by them.
    css: { include: [/generated\/antd-/] },
    // Generous: the suite shares two cores with Rust builds in CI.
    testTimeout: 20000,
  },
});
