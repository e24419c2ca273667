import { defineConfig, type Plugin } from 'vite';

/**
 * After minification the only line breaks left are inside the html`` and css`` templates, where a
 * run of whitespace means the same as one space; collapsing them saves bytes on every page view.
 */
function collapseTemplateWhitespace(): Plugin {
  return {
    name: 'collapse-template-whitespace',
    renderChunk(code) {
      return { code: code.replace(/[ \t]*\n\s*/g, '\n'), map: null };
    },
  };
}

// Library build of the one-script-tag loader: an IIFE for a classic <script src> and an ES module,
// both with Lit bundled in, into dist/widget (dist/api is built separately by tsc).
export default defineConfig({
  publicDir: false,
  plugins: [collapseTemplateWhitespace()],
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    lib: {
      entry: 'widget/src/embed.ts',
      name: 'DeAn06Quiz',
      formats: ['iife', 'es'],
      fileName: (format) => (format === 'es' ? 'de-an-06-quiz.mjs' : 'de-an-06-quiz.js'),
    },
    rolldownOptions: {
      output: { minify: true },
    },
  },
});
