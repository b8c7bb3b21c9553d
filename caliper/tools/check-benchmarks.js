#!/usr/bin/env node
'use strict';
// Checks BENCHMARKS.md against the runs it copies from. A table copied from a run's summary.md is
// preceded by the line `<!-- summary: <results folder> -->` (a folder under caliper/results/);
// every row of that table must appear, character for character, in that folder's summary.md.
// Rows of a table without the marker are not checked. Exit 1 if a copied row differs or is
// missing; a folder that is not on this machine is reported and skipped (results are not in git).
// Usage: check-benchmarks.js [BENCHMARKS.md] [results dir]
const fs = require('fs');
const path = require('path');

const repo = path.resolve(__dirname, '..', '..');
const doc = process.argv[2] || path.join(repo, 'BENCHMARKS.md');
const results = process.argv[3] || path.join(repo, 'caliper', 'results');
const lines = fs.readFileSync(doc, 'utf8').split('\n');

let checked = 0;
let skipped = 0;
const wrong = [];
for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^<!-- summary: (\S+) -->$/);
    if (!m) {
        continue;
    }
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === '') {
        j++;
    }
    const rows = [];
    while (j < lines.length && lines[j].startsWith('|')) {
        rows.push({ line: j + 1, text: lines[j] });
        j++;
    }
    if (!rows.length) {
        wrong.push(`${doc}:${i + 1}: the marker for ${m[1]} is not followed by a table`);
        continue;
    }
    const summary = path.join(results, m[1], 'summary.md');
    if (!fs.existsSync(summary)) {
        console.log(`skipped ${rows.length} rows at line ${rows[0].line}: ${summary} is not on this machine`);
        skipped += rows.length;
        continue;
    }
    const have = new Set(fs.readFileSync(summary, 'utf8').split('\n'));
    for (const r of rows) {
        if (have.has(r.text)) {
            checked++;
        } else {
            wrong.push(`${doc}:${r.line}: not in ${summary}: ${r.text}`);
        }
    }
}
wrong.forEach(w => console.error(w));
console.log(`${checked} copied rows match their summary.md, ${wrong.length} do not, ${skipped} skipped`);
process.exit(wrong.length ? 1 : 0);
