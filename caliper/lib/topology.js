'use strict';
// The network as the workloads and tools see it: network.json from scripts/connection-files.sh.
const fs = require('fs');
const path = require('path');

/**
 * The identities enrolled into an organisation's wallet (`tmsct identity enroll`): one directory
 * per identity with cert.pem and key.pem, as gateway-common's Wallet keeps them.
 */
function walletIdentities(dir) {
    const out = {};
    if (!dir || !fs.existsSync(dir)) {
        return out;
    }
    for (const name of fs.readdirSync(dir).sort()) {
        const certificate = path.join(dir, name, 'cert.pem');
        const privateKey = path.join(dir, name, 'key.pem');
        if (fs.existsSync(certificate) && fs.existsSync(privateKey)) {
            out[name] = { certificate, privateKey };
        }
    }
    return out;
}

function loadNetwork(file) {
    if (!file) {
        throw new Error('no network.json given (workload argument "network" or --network)');
    }
    const net = JSON.parse(fs.readFileSync(file, 'utf8'));
    const orgs = net.organizations.map(o => ({
        org: o.org, mspId: o.mspId, label: o.domain.split('.')[0], stage: o.stage,
        slaveChannel: o.slaveChannel, masterChannel: o.masterChannel,
        masterCc: o.chaincodes.master, slaveCc: o.chaincodes.slave,
        relayMetrics: o.relayMetrics, peer: o.peer, identities: { ...walletIdentities(o.wallet), ...o.identities },
        domain: o.domain, caCert: o.caCert,
        ca: o.ca || null,   // the org's Fabric CA, where lib/device.js Device.create enrols devices
    }));
    return { ...net, orgs, masterChannel: orgs[0].masterChannel, masterCc: orgs[0].masterCc };
}

/** A small deterministic PRNG (mulberry32), so a round draws the same trace codes every run. */
function prng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6D2B79F5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Runs `fn` over `items` with at most `limit` calls in flight; resolves to the results in order. */
async function mapLimit(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i], i);
        }
    });
    await Promise.all(lanes);
    return out;
}

module.exports = { loadNetwork, walletIdentities, prng, sleep, mapLimit };
