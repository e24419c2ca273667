import { defineConfig } from 'vite';

// The organiser console: its own ES module with Lit bundled, into dist/admin, so the contestant
// widget (dist/widget, vite.config.ts) never carries console code. Each build empties only its own
// directory.
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/admin',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    lib: {
      entry: 'admin/src/de-an-06-admin.ts',
      formats: ['es'],
      fileName: () => 'de-an-06-admin.js',
    },
    rolldownOptions: {
      output: { minify: true, codeSplitting: false },
    },
  },
});
