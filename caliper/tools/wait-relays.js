#!/usr/bin/env node
'use strict';
// Waits until every anchor relay has caught up (lag 0 blocks in two readings 2 s apart), so that a
// storage snapshot includes the master-side anchors of every record. Exits 1 after the timeout.
// Usage: wait-relays.js <network.json> <timeout s>
const { loadNetwork, sleep } = require('../lib/topology');
const relay = require('../lib/relay-metrics');

(async () => {
    const [file, timeout] = process.argv.slice(2);
    const net = loadNetwork(file);
    const started = Date.now();
    let idle = 0;
    let last = '';
    while (idle < 2) {
        const lags = await Promise.all(net.orgs.map(o => relay.scrape(o.relayMetrics).then(m => m.lagBlocks, () => NaN)));
        idle = lags.every(l => l === 0) ? idle + 1 : 0;
        last = net.orgs.map((o, i) => `${o.slaveChannel} ${lags[i]}`).join(', ');
        if (Date.now() - started > Number(timeout) * 1000) {
            console.error(`error: the relays did not catch up within ${timeout}s (lag in blocks: ${last})`);
            process.exit(1);
        }
        await sleep(2000);
    }
    console.log(`==> relays caught up after ${((Date.now() - started) / 1000).toFixed(0)} s of waiting`);
})().catch(e => {
    console.error(`error: ${e.message}`);
    process.exit(1);
});
