'use strict';
// Direct Fabric Gateway connections (the same @hyperledger/fabric-gateway Caliper is bound to),
// for the tools that run outside Caliper rounds: the preload and the storage baseline.
const fs = require('fs');
const crypto = require('crypto');
const grpc = require('@grpc/grpc-js');
const { connect, signers } = require('@hyperledger/fabric-gateway');

const deadline = seconds => () => ({ deadline: Date.now() + seconds * 1000 });

class Connections {
    constructor(net) {
        this.net = net;
        this.clients = new Map();
        this.gateways = new Map();
    }

    client(org) {
        if (!this.clients.has(org.org)) {
            const tls = grpc.credentials.createSsl(fs.readFileSync(org.peer.tlsRootCert));
            this.clients.set(org.org, new grpc.Client(org.peer.endpoint, tls, { 'grpc.ssl_target_name_override': org.peer.hostAlias }));
        }
        return this.clients.get(org.org);
    }

    /** The contract `cc` on `channel`, as identity `name` (admin, user1, relay...) of `org`, through its own peer. */
    contract(org, name, channel, cc) {
        const key = `${org.org}/${name}`;
        if (!this.gateways.has(key)) {
            const id = org.identities[name];
            this.gateways.set(key, connect({
                client: this.client(org),
                identity: { mspId: org.mspId, credentials: fs.readFileSync(id.certificate) },
                signer: signers.newPrivateKeySigner(crypto.createPrivateKey(fs.readFileSync(id.privateKey))),
                evaluateOptions: deadline(30), endorseOptions: deadline(60), submitOptions: deadline(30), commitStatusOptions: deadline(120),
            }));
        }
        return this.gateways.get(key).getNetwork(channel).getContract(cc);
    }

    master(org, name) {
        return this.contract(org, name, this.net.masterChannel, this.net.masterCc);
    }

    /** One gateway per organisation, each through that organisation's own peer. */
    everyPeer() {
        this.net.orgs.forEach(org => this.master(org, 'user1'));
        return this.net.orgs.map(org => this.gateways.get(`${org.org}/user1`));
    }

    /**
     * Submits on the master channel and waits until every organisation's peer has committed the
     * transaction. A gateway waits for its own peer only; the next transaction may be endorsed by
     * peers of other organisations, and one that has not yet committed this block would simulate
     * it against older state (the endorsements then differ, or the change is unknown there).
     */
    async submitSeenByAll(contract, fn, args) {
        return submit(contract, fn, args, undefined, this.everyPeer());
    }

    close() {
        this.gateways.forEach(g => g.close());
        this.clients.forEach(c => c.close());
    }
}

/**
 * Submits and waits for the commit on the gateway's peer, then on the peers of `alsoOn` (gateways);
 * throws with the peers' messages on failure. Returns the result text.
 */
async function submit(contract, fn, args, transientData, alsoOn = []) {
    try {
        const commit = await contract.submitAsync(fn, { arguments: args, transientData });
        const status = await commit.getStatus();
        if (!status.successful) {
            throw new Error(`${fn} was not committed: validation code ${status.code}`);
        }
        // the commit request is signed by the submitter; any member's peer answers it
        await Promise.all(alsoOn.map(g => g.newCommit(commit.getBytes()).getStatus()));
        return Buffer.from(commit.getResult()).toString('utf8');
    } catch (e) {
        throw new Error(describe(fn, e));
    }
}

async function evaluate(contract, fn, args) {
    try {
        return Buffer.from(await contract.evaluateTransaction(fn, ...args)).toString('utf8');
    } catch (e) {
        throw new Error(describe(fn, e));
    }
}

function describe(fn, e) {
    const details = (e.details || []).map(d => `${d.address}: ${d.message}`).join('; ');
    return `${fn}: ${e.message}${details ? ` (${details})` : ''}`;
}

module.exports = { Connections, submit, evaluate };
