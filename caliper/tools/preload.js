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
const { loadNetwork } = require('../lib/topology');
const { Connections, evaluate } = require('../lib/gateway');
const { anchorEntry, anchorRequest, sha256 } = require('../lib/bmerkle');
const { makeRecord } = require('../lib/records');
const path = require('path');
const { PreloadOrderer } = require('../lib/preload-orderer');
const { Device } = require('../lib/device');

// A master governance change: proposed by `proposer`'s admin, then approved by the other orgs'
// admins, each in its own transaction, until a majority of the members has approved it.
// Each step waits until every organisation's peer has committed it, so the next approval is
// endorsed against the same proposal everywhere.
async function govern(gw, orgs, proposer, kind, change) {
    let p = JSON.parse(await gw.submitSeenByAll(gw.master(proposer, 'admin'), 'ProposeChange', [kind, JSON.stringify(change)]));
    for (const org of orgs) {
        if (p.status === 'EXECUTED') {
            return p;
        }
        if (org !== proposer && !p.approvals[org.mspId]) {
            p = JSON.parse(await gw.submitSeenByAll(gw.master(org, 'admin'), 'ApproveChange', [p.id, p.contentHash]));
        }
    }
    if (p.status !== 'EXECUTED') {
        throw new Error(`proposal ${p.id} (${kind}) did not take effect: ${JSON.stringify(p)}`);
    }
    return p;
}

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

const hex = s => sha256(Buffer.from(s, 'utf8')).toString('hex');
const log = s => console.log(`    ${s}`);

async function main() {
    const o = options(process.argv.slice(2));
    const net = loadNetwork(o.network);
    const gw = new Connections(net);
    const started = Date.now();
    try {
        const first = net.orgs[0];
        const process0 = JSON.parse(await evaluate(gw.master(first, 'user1'), 'GetProcess', ['default']));
        const keyFields = process0.stages[0].keyFields;
        const chainId = (p, org) => `bench-p${p}-${org.label}`;
        const known = new Set(JSON.parse(await evaluate(gw.master(first, 'user1'), 'GetSlaveChains', [])).map(c => c.id));
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
            for (const org of net.orgs) {
                const id = chainId(p, org);
                if (!known.has(id)) {
                    await govern(gw, net.orgs, org, 'REGISTER_CHAIN', { id, channelName: id, ownerMsp: org.mspId });
                    log(`registered preload chain ${id} (owner ${org.mspId})`);
                }
            }
            const stages = net.orgs.map(org => ({ name: org.stage, slaveChainId: chainId(p, org), keyFields }));
            const defined = await evaluate(gw.master(first, 'user1'), 'GetProcess', [`bench-p${p}`]).then(JSON.parse, () => null);
            const same = s => s.map(x => `${x.name}|${x.slaveChainId}|${x.keyFields.join(',')}`).join(';');
            if (!defined || same(defined.stages) !== same(stages)) {
                await govern(gw, net.orgs, first, 'DEFINE_PROCESS', { productType: `bench-p${p}`, definition: { stages } });
                log(`defined process bench-p${p}`);
            }
        }
        // the stand-in orderer of the preload chains, registered like any orderer CA
        const orderer = new PreloadOrderer(path.dirname(o.manifest));
        const registered = JSON.parse(await evaluate(gw.master(first, 'user1'), 'GetOrdererCaRoots', [orderer.msp]));
        if (!(registered.certificates || []).includes(orderer.caPem)) {
            await govern(gw, net.orgs, first, 'ORDERER_CA_ROOTS', { msp: orderer.msp, certificates: [orderer.caPem] });
            log(`registered the preload orderer CA (${orderer.msp})`);
        }
        const shape = JSON.parse(await evaluate(gw.master(first, 'user1'), 'GetSlaveChain', [chainId(0, first)]));
        const mBits = shape.bloomParams ? shape.bloomParams.mBits : shape.mBits;
        const k = shape.bloomParams ? shape.bloomParams.k : shape.k;
        if (!mBits || !k) {
            throw new Error(`cannot read the filter shape of ${chainId(0, first)}: ${JSON.stringify(shape)}`);
        }

        // where each chain stands (next block to anchor)
        const chains = [];
        for (let p = 0; p < o.pipelines; p++) {
            for (let c = 0; c < net.orgs.length; c++) {
                const org = net.orgs[c];
                const state = JSON.parse(await evaluate(gw.master(org, 'user1'), 'GetAnchorState', [chainId(p, org)]));
                const next = state.lastCovered === undefined || state.lastCovered < 0 ? 0 : state.lastCovered + 1;
                chains.push({ p, c, org, id: chainId(p, org), next, contract: gw.master(org, 'relay') });
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
                const entries = [];
                const attestations = [];
                for (let e = 0; e < o.entries; e++) {
                    const tid = `PL${ch.p}-${b}-${e}`;
                    const record = makeRecord(tid, ch.org.stage, b * o.entries + e);
                    // master anchors only what a device of the chain's owner signed: the entry's
                    // Hash(D) is the root of the device's signed commitment
                    const { root, attestation } = devices.get(ch.org.mspId).attest(record, keyFields);
                    entries.push({ ...anchorEntry(hex(`${ch.id}/${b}/${e}`), record, keyFields), dataHash: root });
                    attestations.push(attestation);
                }
                const signed = orderer.proof(ch.id, b);
                const request = anchorRequest({ slaveChainId: ch.id, productType: `bench-p${ch.p}`, firstBlock: b, blockNumber: b,
                    blockHash: signed.blockHash, entries, mBits, k });
                request.headers = signed.headers;
                request.ordererSignatures = signed.ordererSignatures;
                request.attestations = attestations;
                // the next stage's anchor of this block checks the stage order against this one
                const answer = JSON.parse(await gw.submitSeenByAll(ch.contract, 'AnchorBlock', [JSON.stringify(request)]));
                if (answer.status !== 'ANCHORED' && answer.status !== 'ALREADY_ANCHORED') {
                    throw new Error(`AnchorBlock of ${ch.id} block ${b}: unexpected answer ${JSON.stringify(answer)}`);
                }
                // master rejects an entry that breaks the process on its own and anchors the rest;
                // preloaded entries are all meant to be anchored
                if (answer.rejected && answer.rejected.length > 0) {
                    throw new Error(`AnchorBlock of ${ch.id} block ${b}: master rejected ${JSON.stringify(answer.rejected)}`);
                }
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
