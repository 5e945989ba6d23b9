// Compresses a built engine with brotli (Node's own zlib, no dependency): node compress.js <in.wasm> <out.br>
// Quality 9 with a 16 MiB window is a fraction of quality 11's time for nearly its size.
'use strict';
const fs = require('fs');
const zlib = require('zlib');

const [input, output] = process.argv.slice(2);
const raw = fs.readFileSync(input);
const started = Date.now();
const compressed = zlib.brotliCompressSync(raw, {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
    [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
  },
});
fs.writeFileSync(`${output}.tmp`, compressed);
fs.renameSync(`${output}.tmp`, output);
const mb = (n) => (n / 1e6).toFixed(1);
process.stderr.write(`compress.js: ${mb(raw.length)} MB -> ${mb(compressed.length)} MB brotli in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
