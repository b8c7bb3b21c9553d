#!/usr/bin/env node
'use strict';
// Genealogy preload for the recall benchmark: anchors a layered lot genealogy on master through
// the real AnchorBlock (as tools/preload.js does, with the same preload orderer and relay
// identities; lib/preload-chains.js), so master stores its edges exactly as for a relay's anchors.
//
// Layout (lib/genealogy.js): `--levels` levels of `--lots` lots each; level 0 plain raw-material
// lots, every lot of level k+1 made from `--inputs` distinct lots of level k drawn with `--seed`.
// A lot names them in its `inputs` field, which is a shared key field: the device attests it, the
// anchor entry discloses it, master checks the disclosure and that every input is already anchored
// (UNKNOWN_INPUT), then stores the edges. So the levels are anchored one after the other, each
// waited for on every peer. Level k is recorded at stage k mod 4 of process "bench-g<p>" (a lot
// made from lots that reached the stage before inherits it, docs/genealogy.md), on the chains
// bench-g<p>-<org>, `--entries` lots per block, block j of a level on pipeline j mod `--pipelines`.
// Resumable and idempotent: each chain continues from its anchor state on master; the settings are
// fixed by the first run (kept in the manifest). Writes the manifest: the settings, the lots of each
// level with their inputs, the chains and blocks, how long each run took.
//
// Usage: preload-genealogy.js --network <state>/network.json --manifest <file> [--levels 7]
//        [--lots 1430] [--inputs 2] [--seed 1] [--entries 10] [--pipelines 4]
const fs = require('fs');
const path = require('path');
const { loadNetwork } = require('../lib/topology');
const { Connections } = require('../lib/gateway');
const { makeRecord } = require('../lib/records');
const { Device } = require('../lib/device');
const { layeredGenealogy, anchorPlan, downstreamIndex, expectedRecall } = require('../lib/genealogy');
const { defaultKeyFields, registeredChains, ensureProcess, ensurePreloadOrderer, filterShape, nextBlock, anchorBlock }
    = require('../lib/preload-chains');

const SETTINGS = ['levels', 'lots', 'inputs', 'seed', 'entries', 'pipelines'];

function options(argv) {
    const o = { levels: 7, lots: 1430, inputs: 2, seed: 1, entries: 10, pipelines: 4 };
    for (let i = 0; i < argv.length; i += 2) {
        const k = argv[i].replace(/^--/, '');
        if (![...SETTINGS, 'network', 'manifest'].includes(k)) {
            usage(`unknown option ${argv[i]}`);
        }
        o[k] = ['network', 'manifest'].includes(k) ? argv[i + 1] : Number(argv[i + 1]);
    }
    if (!o.network || !o.manifest || SETTINGS.some(k => !Number.isInteger(o[k]) || o[k] < (k === 'seed' ? 0 : 1))) {
        usage('missing or bad option');
    }
    return o;
}

function usage(why) {
    console.error(`${why}\nusage: preload-genealogy.js --network <network.json> --manifest <file> [--levels 7] [--lots 1430] `
        + '[--inputs 2] [--seed 1] [--entries 10] [--pipelines 4]');
    process.exit(2);
}

const log = s => console.log(`    ${s}`);
const PREFIX = 'GL';

/** The manifest as JSON, each level's lots on one line. */
function manifestText(m) {
    const levels = m.levels.map(l => `    ${JSON.stringify(l)}`).join(',\n');
    return JSON.stringify({ ...m, levels: '@LEVELS@' }, null, 2).replace('"@LEVELS@"', `[\n${levels}\n  ]`) + '\n';
}

async function main() {
    const o = options(process.argv.slice(2));
    const settings = Object.fromEntries(SETTINGS.map(k => [k, o[k]]));
    let runs = [];
    if (fs.existsSync(o.manifest)) {
        const old = JSON.parse(fs.readFileSync(o.manifest, 'utf8'));
        const differ = SETTINGS.filter(k => old.settings[k] !== o[k]);
        if (differ.length) {
            throw new Error(`this network holds a genealogy preloaded with ${JSON.stringify(old.settings)}; `
                + `${differ.join(', ')} differ. Use the same settings, or start from a clean state dir (TMSCT_STATE=... scripts/clean.sh)`);
        }
        runs = old.runs || [];
    }
    const net = loadNetwork(o.network);
    const gw = new Connections(net);
    const started = Date.now();
    try {
        const genealogy = layeredGenealogy({ levels: o.levels, lotsPerLevel: o.lots, inputsPerLot: o.inputs, seed: o.seed, prefix: PREFIX });
        const plan = anchorPlan(genealogy, { entries: o.entries, pipelines: o.pipelines, stages: net.orgs.map(org => org.stage) });
        const orgOf = Object.fromEntries(net.orgs.map(org => [org.stage, org]));
        const chainId = (p, org) => `bench-g${p}-${org.label}`;

        // set-up, idempotent: the chains, one process per pipeline, the preload orderer
        const keyFields = await defaultKeyFields(gw, net);
        if (!keyFields.includes('inputs')) {
            throw new Error(`the shared key fields ${JSON.stringify(keyFields)} do not include "inputs"; master would not learn the genealogy`);
        }
        const known = await registeredChains(gw, net);
        for (let p = 0; p < o.pipelines; p++) {
            await ensureProcess(gw, net, { productType: `bench-g${p}`, chainId: org => chainId(p, org), keyFields, known, log });
        }
        const orderer = await ensurePreloadOrderer(gw, net, path.dirname(o.manifest), log);
        const shape = await filterShape(gw, net, chainId(0, net.orgs[0]));

        // where each chain stands
        const next = new Map();
        for (let p = 0; p < o.pipelines; p++) {
            for (const org of net.orgs) {
                next.set(chainId(p, org), await nextBlock(gw, org, chainId(p, org)));
            }
        }
        const anchored = () => [...next.values()].reduce((a, b) => a + b, 0);
        const before = anchored();
        const planned = plan.reduce((n, l) => n + l.blocks.length, 0);
        log(`genealogy: ${o.levels} levels x ${o.lots} lots, ${o.inputs} inputs per lot (seed ${o.seed}); ${planned} blocks of ${o.entries} `
            + `over ${o.pipelines} pipeline(s) x ${net.orgs.length} chains, filter m=${shape.mBits} k=${shape.k}; ${before} already anchored`);

        // one device per organisation, its certificate from the organisation's CA (a CA enrols an
        // id once, so each run that anchors something registers its own devices)
        const suffix = Date.now().toString(36);
        let devices = null;

        const levelSeconds = [];
        for (const { level, stage, blocks } of plan) {
            const org = orgOf[stage];
            const t0 = Date.now();
            // the level's blocks not anchored yet, chain by chain in block order
            const byChain = new Map();
            const expected = new Map(next);
            for (const b of blocks) {
                const id = chainId(b.pipeline, org);
                if (b.blockNumber < next.get(id)) {
                    continue;   // anchored by an earlier run
                }
                if (b.blockNumber !== expected.get(id)) {
                    throw new Error(`${id} expects block ${expected.get(id)} but the plan's next is ${b.blockNumber}: `
                        + 'this chain was anchored by something other than this preload');
                }
                expected.set(id, b.blockNumber + 1);
                byChain.set(id, [...(byChain.get(id) || []), b]);
            }
            const todo = [...byChain.values()].reduce((n, l) => n + l.length, 0);
            if (todo === 0) {
                continue;
            }
            devices = devices || new Map(await Promise.all(net.orgs.map(async o =>
                [o.mspId, await Device.create(o.ca ? `genealogy-${o.label}-${suffix}` : `genealogy-${o.label}`, o)])));
            // the chains in parallel, each one block at a time
            await Promise.all([...byChain].map(async ([id, list]) => {
                for (const b of list) {
                    const records = b.lots.map((lot, e) => {
                        const record = makeRecord(lot.tid, stage, level * o.lots + b.first + e);
                        if (lot.inputs.length) {
                            record.fields.inputs = lot.inputs;
                        }
                        return record;
                    });
                    await anchorBlock(gw, { org, chainId: id, productType: `bench-g${b.pipeline}`, blockNumber: b.blockNumber, records,
                        device: devices.get(org.mspId), orderer, keyFields, shape });
                    next.set(id, b.blockNumber + 1);
                }
            }));
            levelSeconds.push({ level, blocks: todo, seconds: (Date.now() - t0) / 1000 });
            log(`level ${level} (${stage}): ${todo} block(s) anchored in ${((Date.now() - t0) / 1000).toFixed(1)} s; `
                + `${anchored()} / ${planned} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
        }

        // what a recall from a level-0 lot reaches, for the report and the workload's checks
        const down = downstreamIndex(genealogy.levels);
        const roots = genealogy.levels[0].filter(l => down.has(l.tid)).map(l => l.tid);
        const reach = d => roots.reduce((n, tid) => n + expectedRecall(down, tid, d, 10000).total, 0) / (roots.length || 1);
        const depths = [1, 2, 3, 4, 5, 6].filter(d => d < o.levels);
        const manifest = {
            kind: 'tmsct-genealogy-preload', method: 'AnchorBlock with the relay identities (see caliper/tools/preload-genealogy.js)',
            settings, prefix: PREFIX,
            lots: o.levels * o.lots, edges: genealogy.levels.reduce((n, l) => n + l.reduce((m, x) => m + x.inputs.length, 0), 0),
            blocks: anchored(), chains: [...next.keys()], filter: shape,
            levelZeroWithDescendants: roots.length,
            meanRecallLots: Object.fromEntries(depths.map(d => [`depth${d}`, Number(reach(d).toFixed(2))])),
            // the query workloads' check that there is something to ask about
            tids: { prefix: PREFIX, count: o.levels * o.lots },
            runs: [...runs, { at: new Date().toISOString(), blocksBefore: before, blocksAfter: anchored(), seconds: (Date.now() - started) / 1000, levels: levelSeconds }]
                .filter(r => r.blocksAfter > r.blocksBefore).slice(-20),
            levels: plan.map(({ level, stage, blocks }) => ({ level, stage, blocks: blocks.length, lots: genealogy.levels[level] })),
        };
        fs.writeFileSync(o.manifest, manifestText(manifest));
        log(`${manifest.lots} lots in ${o.levels} levels (${manifest.edges} edges) anchored on master in ${manifest.blocks} blocks; `
            + `this run: ${anchored() - before} blocks in ${((Date.now() - started) / 1000).toFixed(1)} s; `
            + `a recall from a level-0 lot reaches ${Object.entries(manifest.meanRecallLots).map(([d, n]) => `${n} (${d})`).join(', ')} lots on average`);
    } finally {
        gw.close();
    }
}

main().catch(e => {
    console.error(`error: ${e.message}`);
    process.exit(1);
});
