#!/usr/bin/env node
'use strict';
// Turns a results folder of caliper/bin/bench-recall.sh (Caliper logs caliper-recall-*.log, the
// workload's queries-recall-*-w<n>.json, cpu-recall-*.txt, genealogy.json, env.json) into
// summary.md: the genealogy and its preload, then per round the answer times, the lots returned,
// the blocks the Bloom existence check let the search skip, and the CPU of every process. Every
// number comes from those files. With --strict it exits 1 if a transaction failed, an answer was
// wrong or a round did not finish.
// Usage: recall-summary.js <results dir> [--strict]
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
if (!dir) {
    console.error('usage: recall-summary.js <results dir> [--strict]');
    process.exit(2);
}
const strict = process.argv.includes('--strict');
const files = fs.readdirSync(dir).sort();
const readJson = f => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
const fx = (v, d = 2) => (v === null || v === undefined || Number.isNaN(v) ? '-' : Number(v).toFixed(d));
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map(r => `| ${r.join(' | ')} |`)].join('\n');
const problems = [];
const md = [`# TMSCT recall benchmark: ${path.basename(path.resolve(dir))}`, ''];

if (files.includes('env.json')) {
    md.push(table(['item', 'value'], Object.entries(readJson('env.json')).map(([k, v]) => [k, String(v).replace(/\|/g, '/')])), '');
}
if (files.includes('genealogy.json')) {
    const g = readJson('genealogy.json');
    const s = g.settings;
    md.push(`Genealogy: ${g.lots} lots in ${s.levels} levels of ${s.lots} (level 0 raw material; each lot of level k+1 made from ${s.inputs} `
        + `lots of level k, seed ${s.seed}), ${g.edges} edges, anchored on master in ${g.blocks} blocks of ${s.entries} over ${g.chains.length} `
        + `preload chains; filter m=${g.filter.mBits}, k=${g.filter.k}. Level-0 lots that went into others: ${g.levelZeroWithDescendants}; `
        + `a recall from one reaches on average ${Object.entries(g.meanRecallLots).map(([d, n]) => `${n} lots (${d})`).join(', ')}.`
        + (g.runs || []).map(r => ` Preload run ${r.at}: blocks ${r.blocksBefore} to ${r.blocksAfter} in ${fx(r.seconds, 0)} s.`).join(''), '');
}

// Caliper's results table of each run
const rounds = [];
// in the order they ran
const mtime = f => fs.statSync(path.join(dir, f)).mtimeMs;
for (const f of files.filter(x => /^caliper-recall.*\.log$/.test(x)).sort((a, b) => mtime(a) - mtime(b))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
    const at = text.lastIndexOf('### All test results ###');
    if (at < 0) {
        problems.push(`${f}: Caliper printed no results table`);
        continue;
    }
    for (const line of text.slice(at).split('\n')) {
        const c = line.split('|').map(x => x.trim());
        if (c.length < 10 || c[1] === 'Name' || /^-+$/.test(c[1])) {
            continue;
        }
        const [label, succ, fail, send, max, min, avg, tput] = c.slice(1, 9);
        rounds.push({ run: f.replace(/^caliper-|\.log$/g, ''), label, succ: Number(succ), fail: Number(fail), sendTps: Number(send),
            maxLatency: Number(max), minLatency: Number(min), avgLatency: Number(avg), throughput: Number(tput) });
    }
    const fin = text.match(/Successful rounds: (\d+)\. Failed rounds: (\d+)/);
    if (!fin || Number(fin[2]) > 0) {
        problems.push(`${f}: ${fin ? `${fin[2]} round(s) failed` : 'the benchmark did not finish'} (see the log)`);
    }
}
rounds.filter(r => r.fail > 0 || r.succ === 0).forEach(r => problems.push(`round ${r.label}: ${r.fail} failed, ${r.succ} successful queries`));

// the workload's checks and statistics, over its workers
const tallies = {};
for (const f of files.filter(x => /^queries-recall.*-w\d+\.json$/.test(x))) {
    const t = readJson(f);
    const a = tallies[t.label] || (tallies[t.label] = { queries: 0, errors: 0, mismatches: 0, examples: [], stats: {} });
    ['queries', 'errors', 'mismatches'].forEach(k => { a[k] += t[k]; });
    a.examples.push(...t.examples);
    for (const [k, s] of Object.entries(t.stats)) {
        const b = a.stats[k] || (a.stats[k] = { n: 0, sum: 0, max: 0 });
        b.n += s.n;
        b.sum += s.sum;
        b.max = Math.max(b.max, s.max);
    }
}
Object.entries(tallies).filter(([, t]) => t.mismatches > 0)
    .forEach(([label, t]) => problems.push(`round ${label}: ${t.mismatches} wrong answer(s), e.g. ${JSON.stringify(t.examples[0])}`));
const stat = (t, k) => (t && t.stats[`existing.${k}`] && t.stats[`existing.${k}`].n ? t.stats[`existing.${k}`] : null);
const mean = (t, k) => (stat(t, k) ? stat(t, k).sum / stat(t, k).n : null);
const max = (t, k) => (stat(t, k) ? stat(t, k).max : null);

// CPU seconds per process of each run (run.sh's cpu-<name>.txt)
const cpu = name => {
    const f = `cpu-${name}.txt`;
    if (!files.includes(f)) {
        return null;
    }
    const rows = fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').map(l => l.trim().split(/\s+/));
    const total = rows.find(r => r[0] === 'total');
    return { total: total ? Number(total[1]) : null, procs: rows.filter(r => r[0] !== 'total' && r.length === 2).map(([p, s]) => [p, Number(s)]) };
};

if (rounds.length) {
    const parsed = r => {
        const m = /^recall-d(\d+)(-nobloom)?(?:~load(\d+)|@0*(\d[\d.]*))$/.exec(r.label) || [];
        return { depth: m[1] || '-', bloom: m[2] ? 'off' : 'on', load: m[3] ? `${m[3]} in flight` : m[4] ? `${m[4]} TPS` : '-' };
    };
    md.push('## Recall rounds: answer time', '');
    md.push(table(['round', 'max depth', 'Bloom check', 'load', 'succ', 'fail', 'success', 'send TPS', 'throughput TPS', 'avg latency s',
        'max latency s', 'lots returned: mean / max', 'deepest level reached', 'answer KB', 'wrong answers'],
    rounds.map(r => {
        const t = tallies[r.label];
        const p = parsed(r);
        return [r.label, p.depth, p.bloom, p.load, r.succ, r.fail, `${fx(100 * r.succ / ((r.succ + r.fail) || 1), 1)}%`, fx(r.sendTps, 1),
            fx(r.throughput, 1), fx(r.avgLatency), fx(r.maxLatency), `${fx(mean(t, 'lots'), 1)} / ${fx(max(t, 'lots'), 0)}`,
            fx(max(t, 'deepest'), 0), fx(mean(t, 'answerBytes') / 1024, 1), t ? t.mismatches : '-'];
    })), '');
    md.push('## Recall rounds: the Bloom existence check (means per query)', '');
    md.push(table(['round', 'blocks with entries', 'skipped by the filter', 'skipped share', 'false positives', 'index reads'],
        rounds.filter(r => parsed(r).bloom === 'on').map(r => {
            const t = tallies[r.label];
            const skipped = mean(t, 'skippedShare');
            return [r.label, fx(mean(t, 'blocksWithEntries'), 0), fx(mean(t, 'skippedByFilter'), 0), skipped === null ? '-' : `${fx(100 * skipped, 2)}%`,
                fx(mean(t, 'falsePositives'), 2), fx(mean(t, 'indexReads'), 0)];
        })), '');
    md.push('- blocks with entries: the anchored blocks of every chain, counted once per lot the Bloom index was asked about '
        + '(the recalled lot and each lot listed); skipped: those the index excluded; skipped share: skipped / blocks with entries, '
        + 'averaged over the queries; false positives: candidate blocks that did not hold the lot; index reads: state reads of the index.', '');
    md.push('## CPU during each round (CPU seconds per group of processes)', '');
    // the length of the sampling (pidstat runs over the whole Caliper run) and the machine's cores
    const sampled = run => {
        const f = `pidstat-${run}.txt`;
        if (!files.includes(f)) {
            return { seconds: null, cores: null };
        }
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        const times = [...new Set(text.split('\n').map(l => l.trim().split(/\s+/)).filter(c => c.length >= 10 && /^\d\d:\d\d:\d\d$/.test(c[0])).map(c => c[0]))];
        const cores = Number((/\((\d+) CPU\)/.exec(text) || [])[1]) || null;
        return { seconds: times.length || null, cores };
    };
    const runs = [...new Set(rounds.map(r => r.run))];
    md.push(table(['run', 'seconds sampled', 'total CPU s', 'machine busy', '4 peers', '4 master chaincode servers', 'orderer and relays',
        'Caliper (node)', 'other processes', 'busiest process'],
    runs.map(run => {
        const c = cpu(run);
        if (!c) {
            return [run, ...Array(9).fill('-')];
        }
        const { seconds, cores } = sampled(run);
        const sum = pred => c.procs.filter(([p]) => pred(p)).reduce((n, [, v]) => n + v, 0);
        const peers = sum(p => p.startsWith('peer'));
        const master = sum(p => p.startsWith('cc-chaincode-master'));
        const infra = sum(p => p.startsWith('orderer') || p.startsWith('relay-'));
        const node = sum(p => p === 'other:node');
        const rest = c.total - peers - master - infra - node;
        const top = c.procs.filter(([p]) => !p.startsWith('other:')).sort((a, b) => b[1] - a[1])[0];
        return [run, seconds || '-', fx(c.total, 1), seconds && cores ? `${fx(100 * c.total / (seconds * cores), 0)}%` : '-', fx(peers, 1),
            fx(master, 1), fx(infra, 1), fx(node, 1), fx(rest, 1), top ? `${top[0]} ${fx(top[1], 1)}` : '-'];
    })), '');
    md.push('- Throughput is Caliper\'s: finished queries per second. CPU: `pidstat` once a second over the whole machine during the '
        + 'Caliper run (bin/run.sh, cpu-<run>.txt has every process); machine busy: total CPU over seconds sampled x cores; other processes: '
        + 'whatever else ran on the machine (another network, a build), and the CPU of processes of this network not listed here.', '');
}
if (problems.length) {
    md.push('## Problems', '', ...problems.map(p => `- ${p}`), '');
}
fs.writeFileSync(path.join(dir, 'summary.md'), md.join('\n'));
console.log(md.join('\n'));
if (problems.length) {
    console.error(`${problems.length} problem(s):\n${problems.map(p => `  - ${p}`).join('\n')}`);
    if (strict) {
        process.exit(1);
    }
}
