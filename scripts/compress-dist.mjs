// Writes brotli (quality 11) and gzip (level 9) siblings of the built widget and console files, so
// the server hands them out compressed without compressing at run time (api/src/http/static-asset.ts
// uses a sibling only while it is newer than its file).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const FOLDERS = ['dist/widget', 'dist/admin'];
const COMPRESSIBLE = /\.(m?js|css|html|json|svg)$/;

let files = 0;
let before = 0;
let after = 0;
for (const folder of FOLDERS) {
  for (const name of /** @type {string[]} */ (readdirSync(folder, { recursive: true }))) {
    if (!COMPRESSIBLE.test(name) || name.startsWith('.vite')) continue;
    const path = join(folder, name);
    const body = readFileSync(path);
    const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
    files += 1;
    before += body.length;
    after += br.length;
  }
}
console.log(`compressed ${files} files: ${before} B → ${after} B with brotli`);
