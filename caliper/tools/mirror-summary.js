#!/usr/bin/env node
'use strict';
// The summary of a bench-mirror run (scripts/bench-mirror.sh): one row per round, from its
// lag-<round>.json (tmsct mirror lag), record-<round>-<org>.txt (tmsct record --batch) and
// cpu-<round>.txt (pidstat). Usage: mirror-summary.js <results dir>
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
if (!dir) {
    console.error('usage: mirror-summary.js <results dir>');
    process.exit(2);
}
const files = fs.readdirSync(dir);
const rounds = files.filter(f => /^lag-.*\.json$/.test(f)).map(f => f.slice(4, -5));
const order = r => { const [db, rate] = r.split('-'); return `${db}-${rate === 'max' ? '9999' : rate.padStart(4, '0')}`; };
rounds.sort((a, b) => order(a).localeCompare(order(b)));

const fmt = v => (v === undefined ? '–' : String(v));
const rows = [];
for (const round of rounds) {
    const [db, rate] = round.split('-');
    const lag = JSON.parse(fs.readFileSync(path.join(dir, `lag-${round}.json`), 'utf8'));
    let recorded = 0, failed = 0;
    const rates = [];
    for (const f of files.filter(x => x.startsWith(`record-${round}-`))) {
        const m = /recorded (\d+) of (\d+) records in ([\d.]+) s .*?, (\d+) failed/.exec(fs.readFileSync(path.join(dir, f), 'utf8'));
        if (m) {
            recorded += Number(m[1]);
            rates.push(Number(m[1]) / Number(m[3]));
            failed += Number(m[4]);
        } else {
            failed = NaN;
        }
    }
    rates.sort((a, b) => a - b);
    const perOrg = !rates.length ? '–' : rates.length === 1 ? rates[0].toFixed(1)
        : `${rates[0].toFixed(1)}–${rates[rates.length - 1].toFixed(1)}`;
    let mirrorCpu;
    const cpuFile = path.join(dir, `cpu-${round}.txt`);
    if (fs.existsSync(cpuFile)) {
        const m = /^mirror-\S+\s+([\d.]+)/m.exec(fs.readFileSync(cpuFile, 'utf8'));
        mirrorCpu = m ? Number(m[1]) : 0;
    }
    const all = lag.allBlocks, rowsBlocks = lag.blocksWithEntries;
    rows.push([
        round, db, rate === 'max' ? 'max (one organisation)' : `${rate} records/s (four)`,
        `${recorded}${failed ? ` (${failed} failed)` : ''}`, perOrg,
        all.blocks, rowsBlocks.blocks, rowsBlocks.entries,
        fmt(rowsBlocks.p50Ms), fmt(rowsBlocks.p95Ms), fmt(rowsBlocks.p99Ms), fmt(rowsBlocks.maxMs), fmt(all.p95Ms),
        mirrorCpu === undefined ? '–' : mirrorCpu.toFixed(1),
        mirrorCpu === undefined || !all.blocks ? '–' : (1000 * mirrorCpu / all.blocks).toFixed(1),
        lag.notVisible,
    ]);
}
const head = ['round', 'database', 'load', 'records recorded', 'recorded/s per organisation', 'master blocks', 'blocks with entries',
    'entries', 'lag p50 ms', 'lag p95 ms', 'lag p99 ms', 'lag max ms', 'p95 ms, all blocks', 'mirror CPU s',
    'mirror CPU ms/block', 'never visible'];
const lines = [`<!-- summary: ${path.basename(path.resolve(dir))} -->`, '',
    '| ' + head.join(' | ') + ' |', '|' + head.map(() => '---').join('|') + '|',
    ...rows.map(r => '| ' + r.join(' | ') + ' |')];
let env = '';
try {
    const e = JSON.parse(fs.readFileSync(path.join(dir, 'env.json'), 'utf8'));
    env = `\nMachine: ${e.machine}; Fabric ${e.Fabric}; git ${e['git commit']}.`;
} catch (e) { /* env.json is optional */ }
console.log(lines.join('\n') + '\n' + env);
