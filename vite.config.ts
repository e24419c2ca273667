import { build, defineConfig, type Plugin } from 'vite';

const OUT_DIR = 'dist/widget';

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

/**
 * The widget's css`` templates hold plain CSS (no interpolations): the spaces around its punctuation
 * and the comments mean nothing, and dropping them saves bytes on every page view (decision 0039).
 * A space inside a selector (descendant) or a value (`0 0 1em`, `calc(a + b)`) is kept.
 */
function minifyWidgetCss(): Plugin {
  return {
    name: 'minify-widget-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/widget\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      const minified = code.replace(/\bcss`([^`$]*)`/g, (_all, body: string) => {
        const text = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${text}\``;
      });
      return { code: minified, map: null };
    },
  };
}

/**
 * The classic-script build `de-an-06-quiz.js`: a tiny IIFE that imports the ES build next to it
 * (decision 0013). IIFE output cannot be split into chunks, so it is a second build of its own entry,
 * run once the ES build is written.
 */
function classicLoader(): Plugin {
  return {
    name: 'classic-loader',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        publicDir: false,
        logLevel: 'warn',
        build: {
          outDir: OUT_DIR,
          emptyOutDir: false,
          target: 'es2022',
          lib: { entry: 'widget/src/loader.ts', formats: ['iife'], name: 'DeAn06QuizLoader', fileName: () => 'de-an-06-quiz.js' },
          rolldownOptions: { output: { minify: true } },
        },
      });
    },
  };
}

// The widget, built into dist/widget (dist/api is built separately by tsc):
// - de-an-06-quiz.mjs: the ES module the first screen needs (Lit included);
// - de-an-06-quiz/<view>-<hash>.mjs: the later views and the English texts, imported on demand;
// - de-an-06-quiz.js: the classic-script loader of the module;
// - .vite/manifest.json: which file imports which, for the bundle-size test (not served).
export default defineConfig({
  publicDir: false,
  plugins: [minifyWidgetCss(), collapseTemplateWhitespace(), classicLoader()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    manifest: true,
    modulePreload: false,
    lib: {
      entry: 'widget/src/embed.ts',
      formats: ['es'],
      fileName: () => 'de-an-06-quiz.mjs',
    },
    rolldownOptions: {
      // The entry may export more than embed.ts does: what the later chunks import from it.
      preserveEntrySignatures: 'allow-extension',
      output: {
        minify: true,
        chunkFileNames: 'de-an-06-quiz/[name]-[hash].mjs',
        // Everything the entry imports statically (Lit, the contest view, the API client…) goes in the
        // entry file itself, which the later chunks import: one request for the first screen, one Lit.
        codeSplitting: { groups: [{ name: 'de-an-06-quiz', tags: ['$initial'] }] },
      },
    },
  },
});
