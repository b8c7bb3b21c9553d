'use strict';
// Reads the anchor relays' Prometheus text (/metrics at each org's relayMetrics address).
const http = require('http');

function get(url, timeoutMs = 2000) {
    return new Promise((resolve, reject) => {
        const req = http.get(url, { timeout: timeoutMs }, res => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', d => { body += d; });
            res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
        });
        req.on('timeout', () => req.destroy(new Error(`${url}: timeout`)));
        req.on('error', reject);
    });
}

/** Parses Prometheus text into [{name, labels, value}]. */
function parse(text) {
    const out = [];
    for (const line of text.split('\n')) {
        if (!line || line.startsWith('#')) {
            continue;
        }
        const m = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/);
        if (!m) {
            continue;
        }
        const labels = {};
        for (const l of (m[2] || '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
            labels[l[1]] = l[2];
        }
        out.push({ name: m[1], labels, value: Number(m[3]) });
    }
    return out;
}

/** One relay's numbers of interest. */
async function scrape(address) {
    const samples = parse(await get(`http://${address}/metrics`));
    const one = name => {
        const s = samples.find(x => x.name === name);
        return s ? s.value : NaN;
    };
    const buckets = samples.filter(s => s.name === 'tmsct_relay_anchor_latency_seconds_bucket')
        .map(s => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: s.value }))
        .sort((a, b) => a.le - b.le);
    const sum = name => samples.filter(x => x.name === name).reduce((n, x) => n + x.value, 0);
    return {
        rejections: sum('tmsct_relay_rejections_total'),
        conflicts: sum('tmsct_relay_conflicts_total'),
        retries: sum('tmsct_relay_retries_total'),
        lagBlocks: one('tmsct_relay_lag_blocks'),
        lagSeconds: one('tmsct_relay_lag_seconds'),
        lastAnchored: one('tmsct_relay_last_anchored_block'),
        recordsAnchored: one('tmsct_relay_records_anchored_total'),
        anchors: one('tmsct_relay_anchors_submitted_total'),
        latencySum: one('tmsct_relay_anchor_latency_seconds_sum'),
        latencyCount: one('tmsct_relay_anchor_latency_seconds_count'),
        buckets,
    };
}

/** Quantile estimate from the difference of two cumulative histograms (upper bucket bound). */
function quantileFromBuckets(before, after, q) {
    const diff = after.map((b, i) => ({ le: b.le, count: b.count - ((before[i] && before[i].count) || 0) }));
    const total = diff.length ? diff[diff.length - 1].count : 0;
    if (!total) {
        return NaN;
    }
    const want = q * total;
    const hit = diff.find(b => b.count >= want);
    return hit ? hit.le : Infinity;
}

module.exports = { scrape, parse, quantileFromBuckets, get };
