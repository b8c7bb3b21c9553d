#!/usr/bin/env node
'use strict';
// Writes one Caliper benchmark configuration (JSON, which Caliper reads as YAML). The sizes are
// settings (environment variables, defaults below); caliper/bin/bench.sh and bench-smoke.sh call this.
//
// Usage: config.js <phase> <out.json>, phase one of:
//   queries  the paper's query protocol: for each send rate in QUERY_RATES and each kind in
//            QUERY_KINDS, one round of WORKERS x QUERY_TX queries at that fixed rate
//   walk     each kind in WALK_KINDS (trace-walk trace-bloom) under a fixed load of WALK_LOAD
//            queries in flight, WORKERS x WALK_TX queries: the filter-less search compared with
//            the filtered one without queueing queries on the peers (see caliper/bin/bench.sh)
//   records  one record round per rate in RECORD_RATES (WORKERS x RECORD_TX records), relay lag sampled
//   storage  STORAGE_RECORDS records (TMSCT), or the same number of raw records written whole on
//            the shared master channel (phase storage-baseline), or into each writer's implicit
//            private data collection on master (phase storage-private)
//   designs  the designs in DESIGNS (tmsct shared private), one record per transaction, each under
//            a fixed load of DESIGN_LOAD (16) transactions in flight, WORKERS x DESIGN_TX (500):
//            tmsct (Record on the slave channels, anchor lag sampled), shared (PutNote of the
//            whole record on master), private (PutPrivateNote into the implicit collection)
//   recall   master's Recall from level-0 lots of the preloaded genealogy (tools/preload-genealogy.js),
//            one round per kind in RECALL_KINDS (1 3 6 6-nobloom): "<depth>[-nobloom][@<tps>]", the
//            maxDepth, "-nobloom" with the Bloom existence check off, "@<tps>" at that fixed send
//            rate, else with RECALL_LOAD (2) queries in flight (lib/in-flight-rate.js); RECALL_SECONDS (60)
//            each, RECALL_PAGE lots per page (1000: the whole answer on one page); bin/bench-recall.sh
//   smoke    one short round of each workload: record (anchor lag sampled), ping, trace-bloom and
//            exists at the first rate of QUERY_RATES, trace-walk under the fixed load of the walk phase
// Query kinds: ping (Ping, a no-op evaluate measured in every sweep as the ceiling the others are
// compared with), trace-full (Trace, existing TIDs only: the trace query, one prefix read of the
// TID's entries), exists (Exists), trace-bloom (FindBlocks useBloom=true), trace-walk
// (useBloom=false), trace-perblock (useBloom=per-block).
const fs = require('fs');
const path = require('path');

const env = (name, dflt) => (process.env[name] === undefined || process.env[name] === '' ? dflt : process.env[name]);
const list = s => String(s).trim().split(/[\s,]+/).filter(Boolean);
const num = (name, dflt) => {
    const v = Number(env(name, dflt));
    if (!Number.isFinite(v) || v < 0) {
        throw new Error(`${name} must be a non-negative number, got '${env(name, dflt)}'`);
    }
    return v;
};

const S = {
    workers: num('WORKERS', 2),
    network: env('BENCH_NETWORK_JSON', ''),
    preload: env('BENCH_PRELOAD_MANIFEST', ''),
    results: env('BENCH_RESULTS_DIR', ''),
    queryRates: list(env('QUERY_RATES', '25 50 75 100 125 150 175 200 225 250')).map(Number),
    queryTx: num('QUERY_TX', 1000),              // per worker and round
    queryKinds: list(env('QUERY_KINDS', 'ping trace-full exists trace-bloom')),
    walkKinds: list(env('WALK_KINDS', 'trace-walk trace-bloom')),
    walkLoad: num('WALK_LOAD', 2),
    walkTx: num('WALK_TX', 20),
    existRatio: num('EXIST_RATIO', 0.5),
    recordRates: list(env('RECORD_RATES', '10 25 50 75 100 125 150 175 200 225 250')).map(Number),
    recordTx: num('RECORD_TX', 500),             // per worker and round
    recordReuse: num('RECORD_REUSE', 4),
    recordPayload: num('RECORD_PAYLOAD', 0),
    storageRecords: num('STORAGE_RECORDS', 10000),
    storageRate: num('STORAGE_RATE', 25),
    storagePayload: num('STORAGE_PAYLOAD', 0),   // pad each raw record to this many bytes (bench.sh sets it per pass)
    anchorWait: num('ANCHOR_WAIT', 300),
    designLoad: num('DESIGN_LOAD', 16),
    designTx: num('DESIGN_TX', 500),             // per worker and design
    designs: list(env('DESIGNS', 'tmsct shared private')),
    recallKinds: list(env('RECALL_KINDS', '1 3 6 6-nobloom')),
    recallLoad: num('RECALL_LOAD', 2),
    recallSeconds: num('RECALL_SECONDS', 60),
    recallPage: num('RECALL_PAGE', 1000),
    // the genealogy manifest, next to the preload's (run.sh names only that one)
    genealogy: env('BENCH_GENEALOGY_MANIFEST', env('BENCH_PRELOAD_MANIFEST', '') ? path.join(path.dirname(env('BENCH_PRELOAD_MANIFEST', '')), 'genealogy.json') : ''),
};

const KINDS = {
    'trace-bloom': { module: 'workloads/trace-query.js', args: { useBloom: 'true' }, what: 'FindBlocks with the Bloom index' },
    'trace-walk': { module: 'workloads/trace-query.js', args: { useBloom: 'false' }, what: 'FindBlocks without a filter (every block opened)' },
    'trace-perblock': { module: 'workloads/trace-query.js', args: { useBloom: 'per-block' }, what: 'FindBlocks testing each block filter' },
    'trace-full': { module: 'workloads/trace-query.js', args: { function: 'Trace' }, what: 'Trace (existing TIDs only)', existRatio: 1 },
    exists: { module: 'workloads/exists-query.js', args: {}, what: 'Exists' },
    ping: { module: 'workloads/ping-query.js', args: {}, what: 'Ping (a no-op evaluate, the ceiling of this load generator and network)' },
};

const pad = n => String(n).padStart(3, '0');

function queryRound(kind, tps, txPerWorker, label = `${kind}@${pad(tps)}`) {
    const k = KINDS[kind];
    if (!k) {
        throw new Error(`unknown query kind '${kind}' (use ${Object.keys(KINDS).join(', ')})`);
    }
    const existRatio = k.existRatio === undefined ? S.existRatio : k.existRatio;
    return {
        label,
        description: `${k.what} on master at ${tps} TPS; ${Math.round(existRatio * 100)}% of the trace codes exist`,
        txNumber: txPerWorker * S.workers,
        rateControl: { type: 'fixed-rate', opts: { tps } },
        workload: { module: k.module, arguments: { ...k.args, existRatio, label, network: S.network, preload: S.preload, resultsDir: S.results } },
    };
}

function loadRound(kind, load, txPerWorker, label = `${kind}~load${load}`) {
    const r = queryRound(kind, 0, txPerWorker, label);
    r.description = `${KINDS[kind].what} on master with ${load} queries in flight; ${Math.round(r.workload.arguments.existRatio * 100)}% of the trace codes exist`;
    r.rateControl = { type: 'fixed-load', opts: { transactionLoad: load, startTps: 1 } };
    return r;
}

function recordRound(tps, txPerWorker, label = `record@${pad(tps)}`, anchorLag = true) {
    return {
        label,
        description: `device-signed records round-robin over the four slave channels at ${tps} TPS (anchor lag sampled from the relays)`,
        txNumber: txPerWorker * S.workers,
        rateControl: { type: 'fixed-rate', opts: { tps } },
        workload: {
            module: 'workloads/record.js',
            arguments: { label, txNumber: txPerWorker * S.workers, reuse: S.recordReuse, payloadBytes: S.recordPayload,
                anchorLag, anchorWaitSeconds: S.anchorWait, network: S.network, resultsDir: S.results },
        },
    };
}

// the comparison's designs on the one shared channel (workloads/baseline-record.js)
function oneChannelRound(design, label, txNumber, rateControl, payloadBytes) {
    const what = design === 'shared'
        ? 'the same kind of full raw records written whole on the shared master channel (baseline)'
        : 'the same kind of full raw records, each in its writer\'s implicit private data collection on master';
    return {
        label, description: what, txNumber, rateControl,
        workload: { module: 'workloads/baseline-record.js', arguments: { label, design, payloadBytes, network: S.network } },
    };
}

// kind "<depth>[-nobloom][@<tps>]": Recall down to that depth, with or without the Bloom existence
// check, at a fixed send rate or (without @) with RECALL_LOAD queries in flight, the next sent when
// one is answered. A send rate above what the peers answer queues queries past the 30 s chaincode
// timeout, and a Fabric 3.1.1 peer can crash then (hyperledger/fabric#5048, see bin/bench.sh);
// Caliper's fixed-load controller overshoots with slow answers of uneven length (lib/in-flight-rate.js).
function recallRound(kind, seconds) {
    const m = /^(\d+)(-nobloom)?(?:@(\d+(?:\.\d+)?))?$/.exec(kind);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 64 || (m[3] !== undefined && !(Number(m[3]) > 0))) {
        throw new Error(`unknown recall kind '${kind}' (use <depth 1..64>[-nobloom][@<send rate>], e.g. 1 3 6 6-nobloom 1@10)`);
    }
    // check on: every listed lot is looked up in the Bloom index (bloom "every"), what BENCHMARKS.md measured
    const [maxDepth, bloom, tps] = [Number(m[1]), m[2] ? 'false' : 'every', m[3] === undefined ? null : Number(m[3])];
    const label = `recall-d${maxDepth}${m[2] || ''}${tps === null ? `~load${S.recallLoad}` : `@${pad(tps)}`}`;
    return {
        label,
        description: `Recall of a level-0 lot of the preloaded genealogy down to depth ${maxDepth}, Bloom existence check `
            + `${bloom === 'false' ? 'off' : 'on for every lot'}, ${tps === null ? `with ${S.recallLoad} queries in flight` : `at ${tps} TPS`} for ${seconds} s`,
        txDuration: seconds,
        // without a rate: at most RECALL_LOAD in flight, the next sent when one is answered (lib/in-flight-rate.js)
        rateControl: tps === null ? { type: 'lib/in-flight-rate.js', opts: { transactionLoad: S.recallLoad } } : { type: 'fixed-rate', opts: { tps } },
        workload: { module: 'workloads/recall-query.js', arguments: { label, maxDepth, maxLots: 1000, pageSize: S.recallPage, bloom,
            network: S.network, preload: S.genealogy, resultsDir: S.results } },
    };
}

function rounds(phase) {
    switch (phase) {
    case 'queries':
        return S.queryRates.flatMap(tps => S.queryKinds.map(kind => queryRound(kind, tps, S.queryTx)));
    case 'walk':
        return S.walkKinds.map(kind => loadRound(kind, S.walkLoad, S.walkTx));
    case 'records':
        return S.recordRates.map(tps => recordRound(tps, S.recordTx));
    case 'storage': {
        const r = recordRound(S.storageRate, Math.ceil(S.storageRecords / S.workers), `storage-tmsct-p${S.storagePayload}`);
        r.txNumber = S.storageRecords;
        r.workload.arguments.txNumber = S.storageRecords;
        r.workload.arguments.payloadBytes = S.storagePayload;
        return [r];
    }
    case 'storage-baseline':
        return [oneChannelRound('shared', `storage-baseline-p${S.storagePayload}`, S.storageRecords,
            { type: 'fixed-rate', opts: { tps: S.storageRate } }, S.storagePayload)];
    case 'storage-private':
        return [oneChannelRound('private', `storage-private-p${S.storagePayload}`, S.storageRecords,
            { type: 'fixed-rate', opts: { tps: S.storageRate } }, S.storagePayload)];
    case 'designs': {
        const load = { type: 'fixed-load', opts: { transactionLoad: S.designLoad, startTps: 10 } };
        return S.designs.map(design => {
            if (design === 'tmsct') {
                const r = recordRound(0, S.designTx, 'design-tmsct');
                r.description = `device-signed records round-robin over the four slave channels with ${S.designLoad} in flight (anchor lag sampled from the relays)`;
                r.rateControl = load;
                return r;
            }
            if (design !== 'shared' && design !== 'private') {
                throw new Error(`unknown design '${design}' (use tmsct, shared, private)`);
            }
            return oneChannelRound(design, `design-${design}`, S.designTx * S.workers, load, S.recordPayload);
        });
    }
    case 'recall':
        return S.recallKinds.map(kind => recallRound(kind, S.recallSeconds));
    case 'smoke':
        return [
            recordRound(S.recordRates[0], S.recordTx, 'record'),
            queryRound('ping', S.queryRates[0], S.queryTx, 'ping'),
            queryRound('trace-bloom', S.queryRates[0], S.queryTx, 'trace-bloom'),
            queryRound('exists', S.queryRates[0], S.queryTx, 'exists'),
            loadRound('trace-walk', S.walkLoad, S.walkTx, 'trace-walk'),
        ];
    default:
        throw new Error(`unknown phase '${phase}'`);
    }
}

function main() {
    const [phase, out] = process.argv.slice(2);
    if (!phase || !out) {
        console.error('usage: config.js queries|walk|records|storage|storage-baseline|storage-private|designs|recall|smoke <out.json>');
        process.exit(2);
    }
    for (const k of ['network', 'results']) {
        if (!S[k]) {
            throw new Error(`BENCH_${k === 'network' ? 'NETWORK_JSON' : 'RESULTS_DIR'} is not set`);
        }
    }
    const config = {
        test: {
            name: `tmsct-${phase}`,
            description: `TMSCT ${phase} (settings: ${JSON.stringify(S)})`,
            workers: { number: S.workers },
            rounds: rounds(phase),
        },
    };
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(config, null, 2) + '\n');
    console.log(`==> ${phase}: ${config.test.rounds.length} Caliper round(s) written to ${out}`);
}

try {
    main();
} catch (e) {
    console.error(`error: ${e.message}`);
    process.exit(2);
}
