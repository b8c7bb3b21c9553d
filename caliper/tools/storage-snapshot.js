#!/usr/bin/env node
'use strict';
// Bytes on disk of each peer's ledger: block files per channel, the block index, the state
// database (public and private state), the history database and the private data store
// (apparent file sizes, like du -b).
// Usage: storage-snapshot.js <network.json> <label> <out.json>
const fs = require('fs');
const path = require('path');
const { loadNetwork } = require('../lib/topology');

function bytes(p) {
    let st;
    try {
        st = fs.lstatSync(p);
    } catch (e) {
        return 0;
    }
    if (!st.isDirectory()) {
        return st.size;
    }
    return fs.readdirSync(p).reduce((n, f) => n + bytes(path.join(p, f)), 0);
}

const [networkFile, label, out] = process.argv.slice(2);
if (!out) {
    console.error('usage: storage-snapshot.js <network.json> <label> <out.json>');
    process.exit(2);
}
const net = loadNetwork(networkFile);
const peers = net.orgs.map(o => {
    const ledger = path.join(net.stateDir, 'data', `peer0-${o.org}`, 'ledgersData');
    const channels = {};
    for (const ch of fs.readdirSync(path.join(ledger, 'chains', 'chains'))) {
        channels[ch] = bytes(path.join(ledger, 'chains', 'chains', ch));
    }
    return {
        org: o.org, channels,
        blocks: Object.values(channels).reduce((a, b) => a + b, 0),
        blockIndex: bytes(path.join(ledger, 'chains', 'index')),
        state: bytes(path.join(ledger, 'stateLeveldb')),
        history: bytes(path.join(ledger, 'historyLeveldb')),
        pvtdata: bytes(path.join(ledger, 'pvtdataStore')),
        total: bytes(ledger),
    };
});
fs.writeFileSync(out, JSON.stringify({ label, at: new Date().toISOString(), peers }, null, 2) + '\n');
console.log(`==> storage snapshot '${label}' written to ${out}`);
