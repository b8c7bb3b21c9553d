#!/usr/bin/env node
'use strict';
// Writes Caliper's network configuration (Fabric connector, peer-gateway binding) from the
// network.json that scripts/connection-files.sh generates from network/topology.sh, so the
// topology is declared once. Usage: generate.js <state>/network.json <out.json>
const fs = require('fs');
const path = require('path');
const { walletIdentities } = require('../lib/topology');

const IDENTITIES = ['admin', 'user1', 'relay'];   // submitters the workloads and the preload use

function caliperNetwork(net) {
    const orgs = net.organizations;
    if (!Array.isArray(orgs) || orgs.length === 0) {
        throw new Error('network.json lists no organizations');
    }
    const master = orgs[0].masterChannel;
    const channels = [{ channelName: master, contracts: [{ id: orgs[0].chaincodes.master, contractID: `master@${master}` }] }];
    for (const o of orgs) {
        channels.push({ channelName: o.slaveChannel, contracts: [{ id: o.chaincodes.slave, contractID: `slave@${o.slaveChannel}` }] });
    }
    const organizations = orgs.map(o => {
        const certificates = IDENTITIES.map(name => {
            const id = o.identities[name];
            if (!id) {
                throw new Error(`network.json has no identity '${name}' for ${o.org}`);
            }
            return { name, admin: name === 'admin', clientPrivateKey: { path: id.privateKey }, clientSignedCert: { path: id.certificate } };
        });
        // and every identity enrolled into the organisation's wallet, by its name there
        for (const [name, id] of Object.entries(walletIdentities(o.wallet))) {
            if (!IDENTITIES.includes(name)) {
                certificates.push({ name, admin: false, clientPrivateKey: { path: id.privateKey }, clientSignedCert: { path: id.certificate } });
            }
        }
        return orgPart(o, certificates);
    });
    return { name: 'tmsct', version: '2.0.0', caliper: { blockchain: 'fabric' }, channels, organizations };
}

function orgPart(o, certificates) {
    return {
        mspid: o.mspId,
        identities: { certificates },
        peers: [{
            endpoint: o.peer.endpoint,
            tlsCACerts: { path: o.peer.tlsRootCert },
            grpcOptions: { 'ssl-target-name-override': o.peer.hostAlias },
        }],
    };
}

if (require.main === module) {
    const [input, output] = process.argv.slice(2);
    if (!input || !output) {
        console.error('usage: generate.js <state>/network.json <out.json>');
        process.exit(2);
    }
    const net = JSON.parse(fs.readFileSync(input, 'utf8'));
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, JSON.stringify(caliperNetwork(net), null, 2) + '\n');
    console.log(`==> Caliper network file written to ${output} (${net.organizations.length} orgs, consensus ${net.consensus})`);
}

module.exports = { caliperNetwork };
