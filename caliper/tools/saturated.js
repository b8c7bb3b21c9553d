#!/usr/bin/env node
'use strict';
// Prints the query kinds of a Caliper log that saturated: a failed transaction, an average latency
// above the limit, or a send rate under 80% of the target (the workers could not even offer the
// load). caliper/bin/bench.sh stops raising those kinds' send rate.
// Usage: saturated.js <caliper log> <latency limit in s>
const fs = require('fs');
const [log, limit] = process.argv.slice(2);
const text = fs.readFileSync(log, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const at = text.lastIndexOf('### All test results ###');
const out = new Set();
for (const line of (at < 0 ? '' : text.slice(at)).split('\n')) {
    const c = line.split('|').map(x => x.trim());
    const m = c.length >= 10 && c[1].match(/^(.*)@0*(\d+)$/);
    if (m && (Number(c[3]) > 0 || Number(c[7]) > Number(limit) || Number.isNaN(Number(c[7])) || Number(c[4]) < 0.8 * Number(m[2]))) {
        out.add(m[1]);
    }
}
console.log([...out].join(' '));
