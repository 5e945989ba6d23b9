'use strict';
// Preloaded into every Node process of a measured run when GNU time is missing: appends the process's peak
// resident memory, in bytes, to the file the benchmark names.
const fs = require('node:fs');

const file = process.env.SHIPSHAPE_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    fs.appendFileSync(file, `${process.resourceUsage().maxRSS * 1024}\n`);
  });
}
