#!/usr/bin/env node
'use strict';
// Preload: anchors `--blocks` slave blocks on the master channel before the query rounds, each
// through the real AnchorBlock transaction of chaincode-master, submitted with the owning
// organisation's relay identity, endorsed by a MAJORITY of the four orgs' peers and committed.
// The master contract checks every anchor exactly as it checks the relays': it rebuilds the
// Merkle root and the Bloom filter from the entries, checks block contiguity, the process's stage
// order and the shared key fields, then writes the trace entries, the filter and the bit-sliced
// index. The preload chains ("bench-p<pipeline>-<org>") exist only as registered slave chains on
// master: their blocks were never on a slave channel, so their headers are synthetic and signed by
// a preload-only orderer CA that the members register through governance (lib/preload-orderer.js
// says why that is sound for a benchmark network and never for one whose anchors matter).
//
// Layout: `--pipelines` copies of the four-stage process (product type "bench-p<n>", stages
// RAW_MATERIAL..DISTRIBUTION on chains bench-p<n>-<org>). Block b of every chain of a pipeline
// holds the same `--entries` trace codes PL<n>-<b>-<e> at its stage, so every preloaded TID has a
// four-stage trace. A chain anchors block b only after the previous stage's chain has committed
// it (the contract's order check), so the pipelines advance in waves of up to 4 x pipelines
// anchors. Resumable: it starts from each chain's anchor state on master.
//
// Usage: preload.js --network <state>/network.json --manifest <file> [--blocks 10000]
//        [--entries 10] [--pipelines 4]
const fs = require('fs');
const path = require('path');
const { loadNetwork } = require('../lib/topology');
const { Connections } = require('../lib/gateway');
const { makeRecord } = require('../lib/records');
const { Device } = require('../lib/device');
const { defaultKeyFields, registeredChains, ensureProcess, ensurePreloadOrderer, filterShape, nextBlock, anchorBlock }
    = require('../lib/preload-chains');

function options(argv) {
    const o = { blocks: 10000, entries: 10, pipelines: 4 };
    for (let i = 0; i < argv.length; i += 2) {
        const k = argv[i].replace(/^--/, '');
        o[k] = ['network', 'manifest'].includes(k) ? argv[i + 1] : Number(argv[i + 1]);
    }
    if (!o.network || !o.manifest || !(o.blocks >= 0) || !(o.entries >= 1) || !(o.pipelines >= 1)) {
        console.error('usage: preload.js --network <network.json> --manifest <file> [--blocks N] [--entries E] [--pipelines P]');
        process.exit(2);
    }
    return o;
}

const log = s => console.log(`    ${s}`);

async function main() {
    const o = options(process.argv.slice(2));
    const net = loadNetwork(o.network);
    const gw = new Connections(net);
    const started = Date.now();
    try {
        const first = net.orgs[0];
        const keyFields = await defaultKeyFields(gw, net);
        const chainId = (p, org) => `bench-p${p}-${org.label}`;
        const known = await registeredChains(gw, net);
        // an earlier preload of this network fixes the entries per block; it may only grow
        let runs = [];
        if (fs.existsSync(o.manifest)) {
            const old = JSON.parse(fs.readFileSync(o.manifest, 'utf8'));
            runs = old.runs || [];
            if (old.tids.entriesPerBlock !== o.entries) {
                throw new Error(`this network was preloaded with ${old.tids.entriesPerBlock} entries per block, not ${o.entries}; `
                    + 'use the same PRELOAD_ENTRIES, or start from a clean state dir (TMSCT_STATE=... make clean)');
            }
        }
        while (known.has(chainId(o.pipelines, first))) {
            o.pipelines++;   // pipelines of an earlier, wider preload stay part of the data set
        }
        const batches = Math.ceil(o.blocks / (net.orgs.length * o.pipelines));

        // set-up, idempotent: the chains and one process per pipeline
        for (let p = 0; p < o.pipelines; p++) {
            await ensureProcess(gw, net, { productType: `bench-p${p}`, chainId: org => chainId(p, org), keyFields, known, log });
        }
        // the stand-in orderer of the preload chains, registered like any orderer CA
        const orderer = await ensurePreloadOrderer(gw, net, path.dirname(o.manifest), log);
        const { mBits, k } = await filterShape(gw, net, chainId(0, first));

        // where each chain stands (next block to anchor)
        const chains = [];
        for (let p = 0; p < o.pipelines; p++) {
            for (let c = 0; c < net.orgs.length; c++) {
                const org = net.orgs[c];
                chains.push({ p, c, org, id: chainId(p, org), next: await nextBlock(gw, org, chainId(p, org)) });
            }
        }
        const prev = ch => chains.find(x => x.p === ch.p && x.c === ch.c - 1);
        const total = () => chains.reduce((n, ch) => n + ch.next, 0);
        const before = total();
        log(`${o.pipelines} pipeline(s) x ${net.orgs.length} chains, ${batches} block(s) per chain, ${o.entries} entries per block, `
            + `filter m=${mBits} k=${k}; ${total()} of ${batches * chains.length} already anchored`);

        // one device per organisation, its certificate issued by the organisation's CA (the device
        // CA bootstrap registered on master); the slave registry is never consulted here. A Fabric
        // CA enrols an id once, so there each run registers its own devices.
        const suffix = Date.now().toString(36);
        const devices = new Map(await Promise.all(net.orgs.map(async org =>
            [org.mspId, await Device.create(org.ca ? `preload-${org.label}-${suffix}` : `preload-${org.label}`, org)])));
        let waves = 0;
        let lastReport = Date.now();
        for (;;) {
            const ready = chains.filter(ch => ch.next < batches && (ch.c === 0 || prev(ch).next > ch.next));
            if (ready.length === 0) {
                break;
            }
            await Promise.all(ready.map(async ch => {
                const b = ch.next;
                const records = Array.from({ length: o.entries }, (_, e) => makeRecord(`PL${ch.p}-${b}-${e}`, ch.org.stage, b * o.entries + e));
                // the next stage's anchor of this block checks the stage order against this one
                await anchorBlock(gw, { org: ch.org, chainId: ch.id, productType: `bench-p${ch.p}`, blockNumber: b, records,
                    device: devices.get(ch.org.mspId), orderer, keyFields, shape: { mBits, k } });
                ch.next = b + 1;
            }));
            waves++;
            if (Date.now() - lastReport > 15000) {
                lastReport = Date.now();
                const s = (Date.now() - started) / 1000;
                log(`${total()} / ${batches * chains.length} blocks anchored (${waves} waves, ${s.toFixed(0)} s)`);
            }
        }

        const traced = Math.min(...chains.filter(ch => ch.c === net.orgs.length - 1).map(ch => ch.next));
        const manifest = {
            kind: 'tmsct-preload', method: 'AnchorBlock with the relay identities (see caliper/tools/preload.js)',
            blocks: total(), chains: chains.map(ch => ch.id), filter: { mBits, k },
            tids: { prefix: 'PL', pipelines: o.pipelines, batches: traced, entriesPerBlock: o.entries, count: o.pipelines * traced * o.entries },
            requested: { blocks: o.blocks, entries: o.entries, pipelines: o.pipelines },
            runs: [...runs, { at: new Date().toISOString(), blocksBefore: before, blocksAfter: total(), waves, seconds: (Date.now() - started) / 1000 }]
                .filter(r => r.waves > 0).slice(-20),
        };
        fs.writeFileSync(o.manifest, JSON.stringify(manifest, null, 2) + '\n');
        log(`${manifest.blocks} preload blocks anchored on master (${manifest.tids.count} trace codes with four stages); `
            + `this run: ${total() - before} blocks in ${waves} waves, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
        gw.close();
    }
}

main().catch(e => {
    console.error(`error: ${e.message}`);
    process.exit(1);
});
