#!/usr/bin/env node
'use strict';
// Turns one results folder (Caliper logs, the workloads' JSON, storage snapshots, env.json) into
// summary.md and summary.csv. Every number comes from those files. With --strict it exits 1 if any
// transaction failed, any answer was wrong, a round failed, or a record was not anchored.
// Usage: summary.js <results dir> [--strict]
const fs = require('fs');
const path = require('path');
const { makeRecord } = require('../lib/records');

const dir = process.argv[2];
const strict = process.argv.includes('--strict');
if (!dir) {
    console.error('usage: summary.js <results dir> [--strict]');
    process.exit(2);
}
const files = fs.readdirSync(dir);
const readJson = f => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
const problems = [];

// --- Caliper rounds ---
const rounds = [];
for (const f of files.filter(x => /^caliper-.*\.log$/.test(x)).sort()) {
    const phase = f.replace(/^caliper-|\.log$/g, '').replace(/-\d+$/, '');
    const text = fs.readFileSync(path.join(dir, f), 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
    const at = text.lastIndexOf('### All test results ###');
    if (at < 0) {
        problems.push(`${f}: Caliper printed no results table`);
        continue;
    }
    for (const line of text.slice(at).split('\n')) {
        const cells = line.split('|').map(c => c.trim());
        if (cells.length < 10 || cells[1] === 'Name' || /^-+$/.test(cells[1])) {
            continue;
        }
        const [name, succ, fail, send, max, min, avg, tput] = cells.slice(1, 9);
        const m = name.match(/^(.*)@0*(\d+)$/);
        rounds.push({ phase, label: name, kind: m ? m[1] : name, targetTps: m ? Number(m[2]) : null,
            succ: Number(succ), fail: Number(fail), sendTps: Number(send), maxLatency: Number(max),
            minLatency: Number(min), avgLatency: Number(avg), throughput: Number(tput) });
    }
    const fin = text.match(/Successful rounds: (\d+)\. Failed rounds: (\d+)/);
    if (!fin) {
        problems.push(`${f}: the benchmark did not finish`);
    } else if (Number(fin[2]) > 0) {
        problems.push(`${f}: ${fin[2]} round(s) failed (see the log)`);
    }
}
for (const r of rounds) {
    if (r.fail > 0 || r.succ === 0) {
        problems.push(`round ${r.label}: ${r.fail} failed, ${r.succ} successful transactions`);
    }
}

// --- query answers checked by the workloads ---
const tallies = {};
for (const f of files.filter(x => /^queries-.*-w\d+\.json$/.test(x))) {
    const t = readJson(f);
    const a = tallies[t.label] || (tallies[t.label] = { queries: 0, existing: 0, absent: 0, errors: 0, mismatches: 0, examples: [], stats: {} });
    for (const k of ['queries', 'existing', 'absent', 'errors', 'mismatches']) {
        a[k] += t[k];
    }
    a.examples.push(...t.examples);
    for (const [k, s] of Object.entries(t.stats)) {
        const b = a.stats[k] || (a.stats[k] = { n: 0, sum: 0, max: 0 });
        b.n += s.n;
        b.sum += s.sum;
        b.max = Math.max(b.max, s.max);
    }
}
for (const [label, t] of Object.entries(tallies)) {
    if (t.mismatches > 0) {
        problems.push(`round ${label}: ${t.mismatches} wrong answer(s), e.g. ${JSON.stringify(t.examples[0])}`);
    }
}
const mean = (t, k) => (t && t.stats[k] && t.stats[k].n ? t.stats[k].sum / t.stats[k].n : null);
const seconds = ms => (ms === null ? null : ms / 1000);

// --- anchor lag ---
const lags = {};
for (const f of files.filter(x => /^anchor-lag-.*\.json$/.test(x))) {
    const l = readJson(f);
    lags[l.label] = l;
    if (!l.drained) {
        problems.push(`round ${l.label}: not every record was anchored within the wait (${JSON.stringify(l.channels.map(c => [c.channel, c.recordsAnchored, c.recordsExpected]))})`);
    }
    const rejected = l.channels.reduce((n, c) => n + (c.relayRejections || 0), 0);
    if (rejected > 0) {
        problems.push(`round ${l.label}: the master contract refused ${rejected} anchor(s) of the relays`);
    }
}

// --- formatting ---
const fx = (v, d = 2) => (v === null || v === undefined || Number.isNaN(v) ? '-' : Number(v).toFixed(d));
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map(r => `| ${r.join(' | ')} |`)].join('\n');
const md = [];
const env = files.includes('env.json') ? readJson('env.json') : null;
md.push(`# TMSCT Caliper results: ${path.basename(path.resolve(dir))}`, '');
if (env) {
    md.push(table(['item', 'value'], Object.entries(env).map(([k, v]) => [k, String(v).replace(/\|/g, '/')])), '');
}
if (files.includes('preload.json')) {
    const p = readJson('preload.json');
    md.push(`Preload: ${p.blocks} anchored slave blocks on master in ${p.chains.length} preload chains, ${p.tids.entriesPerBlock} entries per block, `
        + `${p.tids.count} trace codes with four stages each; filter m=${p.filter.mBits}, k=${p.filter.k}.`
        + (p.runs || []).map(r => ` Preload run ${r.at}: blocks ${r.blocksBefore} to ${r.blocksAfter} in ${fx(r.seconds, 0)} s.`).join(''), '');
}

const queryRounds = rounds.filter(r => r.phase === 'queries' || r.phase === 'walk' || (r.phase === 'smoke' && !r.kind.startsWith('record')));
if (queryRounds.length) {
    md.push('## Query rounds', '');
    md.push(table(['round', 'succ', 'fail', 'send TPS', 'throughput TPS', 'of which successful', 'avg latency s', 'max latency s', 'avg s: existing / absent TID', 'wrong answers', 'blocks opened / query', 'answer bytes'],
        queryRounds.map(r => {
            const t = tallies[r.label];
            const opened = t ? ((mean(t, 'existing.blocksScanned') || 0) * t.existing + (mean(t, 'absent.blocksScanned') || 0) * t.absent) / (t.queries || 1) : null;
            const bytes = t ? ((mean(t, 'existing.answerBytes') || 0) * t.existing + (mean(t, 'absent.answerBytes') || 0) * t.absent) / (t.queries || 1) : null;
            const split = t ? `${fx(seconds(mean(t, 'existing.latencyMs')), 3)} / ${fx(seconds(mean(t, 'absent.latencyMs')), 3)}` : '-';
            return [r.label, r.succ, r.fail, fx(r.sendTps, 1), fx(r.throughput, 1), fx(r.throughput * r.succ / ((r.succ + r.fail) || 1), 1), fx(r.avgLatency), fx(r.maxLatency), split,
                t ? t.mismatches : '-', t && t.stats['existing.blocksScanned'] ? fx(opened, 1) : '-', t && bytes ? fx(bytes, 0) : '-'];
        })), '');
    const kinds = [...new Set(queryRounds.filter(r => r.targetTps !== null).map(r => r.kind))];
    const rates = [...new Set(queryRounds.filter(r => r.targetTps !== null).map(r => r.targetTps))].sort((a, b) => a - b);
    if (kinds.length && rates.length) {
        md.push('Throughput (TPS, Caliper\'s figure: finished transactions, failed ones included) / average latency of the successful ones (s), per send rate:', '');
        md.push(table(['send rate', ...kinds], rates.map(tps => [tps, ...kinds.map(k => {
            const r = queryRounds.find(x => x.kind === k && x.targetTps === tps);
            return r ? `${fx(r.throughput, 1)} / ${fx(r.avgLatency)}${r.fail ? ` (${r.fail} failed)` : ''}` : '-';
        })])), '');
        // each kind's best round with every query successful, against Ping's best in this run
        const best = k => queryRounds.filter(r => r.kind === k && r.targetTps !== null && r.fail === 0 && r.succ > 0)
            .sort((a, b) => b.throughput - a.throughput)[0];
        const ping = best('ping');
        md.push('Highest throughput with 100% success per kind' + (ping ? ', and as a fraction of Ping\'s in the same run' : '') + ':', '');
        md.push(table(['kind', 'throughput TPS', 'send rate', 'avg latency s', 'x Ping'], kinds.map(k => {
            const r = best(k);
            return r ? [k, fx(r.throughput, 1), r.targetTps, fx(r.avgLatency), ping ? fx(r.throughput / ping.throughput, 2) : '-'] : [k, '-', '-', '-', '-'];
        })), '');
    }
}

// CPU seconds per process during each Caliper run (run.sh's cpu-<name>.txt): the network's
// processes and Caliper's own (other:node)
const cpuFiles = files.filter(x => /^cpu-.*\.txt$/.test(x)).sort();
// one cpu-<name>.txt: its total, Caliper's own (other:node) and the processes, busiest first
const readCpu = f => {
    const rows = fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').map(l => l.trim().split(/\s+/));
    const total = rows.find(r => r[0] === 'total');
    const procs = rows.filter(r => r[0] !== 'total' && r.length === 2);
    const node = procs.find(r => r[0] === 'other:node');
    return { total: total ? total[1] : null, node: node ? node[1] : null, procs };
};
if (cpuFiles.length) {
    md.push('## CPU during each Caliper run', '');
    md.push(table(['run', 'total CPU s', 'Caliper (node) CPU s', 'top processes (CPU s)'], cpuFiles.map(f => {
        const { total, node, procs } = readCpu(f);
        return [f.replace(/^cpu-|\.txt$/g, ''), total === null ? '-' : total, node === null ? '0' : node,
            procs.slice(0, 4).map(r => `${r[0]} ${r[1]}`).join(', ')];
    })), '');
}

// p50/p95 come from each relay's latency histogram as a bucket's upper bound ("at most"); the
// table shows the worst of the four channels.
const worst = (ch, k) => {
    const v = ch.map(c => c[k]).filter(x => x !== null && x !== undefined && !Number.isNaN(x));
    return v.length ? `≤${fx(Math.max(...v))}` : '-';
};
const recordRounds = rounds.filter(r => r.kind.startsWith('record') || r.kind.startsWith('storage'));
if (recordRounds.length) {
    md.push('## Record rounds and anchor lag', '');
    md.push(table(['round', 'succ', 'fail', 'send TPS', 'throughput TPS', 'of which successful', 'avg latency s', 'max latency s', 'anchored', 'anchor latency s: mean / p50 / p95', 'max lag blocks', 'max lag s', 'drain s', 'relay rejections'],
        recordRounds.map(r => {
            const l = lags[r.label];
            const ch = l ? l.channels : [];
            const anchored = ch.reduce((n, c) => n + c.recordsAnchored, 0);
            const lat = anchored ? ch.reduce((n, c) => n + (c.meanAnchorLatencySeconds || 0) * c.recordsAnchored, 0) / anchored : null;
            return [r.label, r.succ, r.fail, fx(r.sendTps, 1), fx(r.throughput, 1), fx(r.throughput * r.succ / ((r.succ + r.fail) || 1), 1),
                fx(r.avgLatency), fx(r.maxLatency), l ? `${anchored}/${ch.reduce((n, c) => n + c.recordsExpected, 0)}` : '-',
                `${fx(lat)} / ${worst(ch, 'p50AnchorLatencySecondsAtMost')} / ${worst(ch, 'p95AnchorLatencySecondsAtMost')}`,
                l ? Math.max(...ch.map(c => c.maxLagBlocks)) : '-', l ? fx(Math.max(...ch.map(c => c.maxLagSeconds)), 1) : '-',
                l ? fx(l.drainSecondsAfterRound, 1) : '-', l ? ch.reduce((n, c) => n + (c.relayRejections || 0), 0) : '-'];
        })), '');
}

// A rate counts as sustained when the workers actually sent at it (within 5%), every transaction
// succeeded and the average latency stayed under 1 s.
const sustained = {};
for (const r of rounds.filter(x => x.targetTps !== null)) {
    const s = sustained[r.kind] || (sustained[r.kind] = { rate: 0, best: 0, tried: [] });
    s.tried.push(r.targetTps);
    if (r.fail === 0 && r.succ > 0 && r.avgLatency < 1) {
        s.best = Math.max(s.best, r.throughput);
        if (r.sendTps >= 0.95 * r.targetTps) {
            s.rate = Math.max(s.rate, r.targetTps);
        }
    }
}
if (Object.keys(sustained).length) {
    md.push('## Highest send rate with 100% success and average latency under 1 s', '');
    md.push(table(['workload', 'highest send rate reached (TPS)', 'highest throughput in such a round (TPS)', 'send rates tried'],
        Object.entries(sustained).map(([k, v]) => [k, v.rate || 'none of the rates tried', v.best ? fx(v.best, 1) : '-', v.tried.join(' ')])), '');
}

// The designs compared (phase designs): one Caliper run per design, so its CPU file is the design's
const cpuTotal = name => {
    const f = `cpu-${name}.txt`;
    if (!files.includes(f)) {
        return null;
    }
    const { total, node } = readCpu(f);
    return total === null ? null : Number(total) - (node === null ? 0 : Number(node));
};
const DESIGN_NAMES = { tmsct: 'TMSCT (Record on the slave channels, anchored on master)', shared: 'one shared channel (PutNote, whole record)',
    private: 'private data collections (PutPrivateNote, implicit collection)' };
const designOrder = r => Object.keys(DESIGN_NAMES).indexOf(r.label.replace(/^design-/, ''));
const designRounds = rounds.filter(r => /^design-/.test(r.label)).sort((a, b) => designOrder(a) - designOrder(b));
if (designRounds.length) {
    md.push('## Designs compared: one record per transaction under the same fixed load', '');
    md.push(table(['design', 'succ', 'fail', 'throughput TPS', 'avg latency s', 'max latency s', 'anchored', 'records written', 'network CPU s (Caliper excluded)', 'network CPU ms / record'],
        designRounds.map(r => {
            const design = r.label.replace(/^design-/, '');
            const l = lags[r.label];
            const ch = l ? l.channels : [];
            const cpu = cpuTotal(`designs-${design}`);
            // TMSCT's workload also records the earlier stages of its trace codes first
            const prepared = files.filter(x => new RegExp(`^records-${r.label}-w\\d+\\.json$`).test(x)).map(readJson)
                .reduce((n, w) => n + w.preparationRecords, 0);
            const records = r.succ + prepared;
            return [DESIGN_NAMES[design] || design, r.succ, r.fail, fx(r.throughput, 1), fx(r.avgLatency), fx(r.maxLatency),
                l ? `${ch.reduce((n, c) => n + c.recordsAnchored, 0)}/${ch.reduce((n, c) => n + c.recordsExpected, 0)}` : '-',
                records, fx(cpu, 1), cpu !== null && records ? fx(cpu * 1000 / records, 1) : '-'];
        })), '');
    md.push('- TMSCT\'s CPU covers the relays\' anchoring of the same records, which the Caliper run waits for; its records written include '
        + 'the workload\'s preparation records (earlier stages of the trace codes), which succ does not count.', '');
}

const snaps = files.filter(x => /^storage-.*\.json$/.test(x)).map(readJson);
const snap = label => snaps.find(s => s.label === label);
// one storage pass per raw-record size: snapshots before-p<P>, after-tmsct-p<P>, after-baseline-p<P>
// and, from 3 Dec 2026 on, after-private-p<P>
const passes = snaps.map(s => /^before-p(\d+)$/.exec(s.label || '')).filter(Boolean).map(m => Number(m[1])).sort((a, b) => a - b);
// the private data store column appears once snapshots measure it (runs before 3 Dec 2026 did not)
const withPvt = snaps.some(x => (x.peers || []).some(p => 'pvtdata' in p));
const storageRows = [];
const storageNotes = [];
for (const payload of passes) {
    const sfx = `-p${payload}`;
    const recs = files.filter(x => new RegExp(`^records-storage-tmsct${sfx}-w\\d+\\.json$`).test(x)).map(readJson);
    const tmsctRecords = recs.reduce((n, r) => n + r.roundRecords + r.preparationRecords, 0);
    const written = label => {
        const r = rounds.find(x => x.label === label);
        return r ? r.succ : 0;
    };
    const baseRecords = written(`storage-baseline${sfx}`);
    // the designs in the order bench.sh runs them; each is measured from the snapshot before it
    const designs = [];
    let previous = snap(`before${sfx}`);
    for (const [name, label, n] of [['TMSCT', 'tmsct', tmsctRecords], ['baseline', 'baseline', baseRecords],
        ['private data', 'private', written(`storage-private${sfx}`)]]) {
        const after = snap(`after-${label}${sfx}`);
        if (after) {
            designs.push([name, previous, after, n]);
            previous = after;
        }
    }
    if (!designs.length) {
        problems.push(`storage pass ${sfx}: no design was measured`);
        continue;
    }
    const rawBytes = Buffer.byteLength(JSON.stringify(makeRecord('T-0000000000', 'RAW_MATERIAL', 1000, payload)));
    for (const [name, a, b, n] of designs) {
        // block files split: the channel every peer keeps (master) / the peer's own slave channel(s)
        const shared = new Set(Object.keys(b.peers[0].channels).filter(c => b.peers.every(x => c in x.channels)));
        b.peers.forEach((p, i) => {
            const q = a.peers[i];
            const d = k => (p[k] || 0) - (q[k] || 0);   // older snapshots have no pvtdata
            const total = d('blocks') + d('blockIndex') + d('state') + d('history') + d('pvtdata');
            const dc = own => Object.keys(p.channels).filter(c => shared.has(c) !== own)
                .reduce((sum, c) => sum + p.channels[c] - (q.channels[c] || 0), 0);
            storageRows.push([rawBytes, name, p.org, n, `${fx(d('blocks') / 1e6)} (${fx(dc(false) / 1e6)} / ${fx(dc(true) / 1e6)})`, fx(d('blockIndex') / 1e6), fx(d('state') / 1e6), fx(d('history') / 1e6),
                ...(withPvt ? [fx(d('pvtdata') / 1e6)] : []), fx(total / 1e6), n ? fx(total / n, 0) : '-']);
        });
    }
    if (recs.length) {
        storageNotes.push(`Raw records of about ${rawBytes} bytes: TMSCT wrote ${recs.reduce((n, r) => n + r.roundRecords, 0)} in the round plus `
            + `${recs.reduce((n, r) => n + r.preparationRecords, 0)} before it to prepare trace codes for the later stages`
            + (baseRecords ? `; the baseline wrote ${baseRecords}.` : '.'));
    }
}
if (storageRows.length) {
    md.push('## Storage per peer after the same records', '');
    md.push(table(['raw record bytes', 'design', 'peer', 'records written', 'blocks MB (master / own slave)', 'block index MB', 'state MB', 'history MB', ...(withPvt ? ['private data store MB'] : []), 'total MB', 'bytes / record'], storageRows), '');
    md.push(...storageNotes.map(n => `- ${n}`), '- TMSCT figures include the relays\' AnchorBlock transactions on master and ConfirmAnchor transactions on the slave channels; '
        + 'the off-chain copy of the raw data is not a peer\'s and is not counted. Baseline: the same kind of records, whole (private fields, '
        + 'device signature), written with PutNote on master, which every peer keeps. Private data: the same records with PutPrivateNote into the writer\'s '
        + 'implicit collection on master: the writer\'s peer keeps the record (private state and private data store), every peer the '
        + 'block with its hash.', '');
}

if (problems.length) {
    md.push('## Problems', '', ...problems.map(p => `- ${p}`), '');
}
fs.writeFileSync(path.join(dir, 'summary.md'), md.join('\n'));

const cols = ['phase', 'label', 'kind', 'targetTps', 'succ', 'fail', 'sendTps', 'throughput', 'avgLatency', 'maxLatency', 'minLatency'];
fs.writeFileSync(path.join(dir, 'summary.csv'), [cols.join(','), ...rounds.map(r => cols.map(c => r[c] === null ? '' : r[c]).join(','))].join('\n') + '\n');
console.log(md.join('\n'));
if (problems.length) {
    console.error(`${problems.length} problem(s):\n${problems.map(p => `  - ${p}`).join('\n')}`);
    if (strict) {
        process.exit(1);
    }
}
