'use strict';
// What the preloads (tools/preload.js, tools/preload-genealogy.js) share: registering preload
// slave chains and their processes on master through governance, the stand-in orderer CA of those
// chains, and anchoring one block of device-attested records through the real AnchorBlock with
// the owning organisation's relay identity. Every step is idempotent.
const { evaluate } = require('./gateway');
const { anchorEntry, anchorRequest, sha256 } = require('./bmerkle');
const { PreloadOrderer } = require('./preload-orderer');

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

/** The key fields of the default process's first stage: what every preloaded entry may share. */
async function defaultKeyFields(gw, net) {
    const process0 = JSON.parse(await evaluate(gw.master(net.orgs[0], 'user1'), 'GetProcess', ['default']));
    return process0.stages[0].keyFields;
}

/** The ids of the slave chains registered on master. */
async function registeredChains(gw, net) {
    return new Set(JSON.parse(await evaluate(gw.master(net.orgs[0], 'user1'), 'GetSlaveChains', [])).map(c => c.id));
}

/**
 * Registers, where missing, one slave chain per organisation (`chainId(org)`, owned by it) and the
 * process `productType` over them, one stage per organisation in process order, each with
 * `keyFields`. `known`: the registered chain ids, updated.
 */
async function ensureProcess(gw, net, { productType, chainId, keyFields, known, log = () => {} }) {
    const first = net.orgs[0];
    for (const org of net.orgs) {
        const id = chainId(org);
        if (!known.has(id)) {
            await govern(gw, net.orgs, org, 'REGISTER_CHAIN', { id, channelName: id, ownerMsp: org.mspId });
            known.add(id);
            log(`registered preload chain ${id} (owner ${org.mspId})`);
        }
    }
    const stages = net.orgs.map(org => ({ name: org.stage, slaveChainId: chainId(org), keyFields }));
    const defined = await evaluate(gw.master(first, 'user1'), 'GetProcess', [productType]).then(JSON.parse, () => null);
    const same = s => s.map(x => `${x.name}|${x.slaveChainId}|${x.keyFields.join(',')}`).join(';');
    if (!defined || same(defined.stages) !== same(stages)) {
        await govern(gw, net.orgs, first, 'DEFINE_PROCESS', { productType, definition: { stages } });
        log(`defined process ${productType}`);
    }
}

/** The stand-in orderer of the preload chains (its key in `dir`), registered like any orderer CA. */
async function ensurePreloadOrderer(gw, net, dir, log = () => {}) {
    const first = net.orgs[0];
    const orderer = new PreloadOrderer(dir);
    const registered = JSON.parse(await evaluate(gw.master(first, 'user1'), 'GetOrdererCaRoots', [orderer.msp]));
    if (!(registered.certificates || []).includes(orderer.caPem)) {
        await govern(gw, net.orgs, first, 'ORDERER_CA_ROOTS', { msp: orderer.msp, certificates: [orderer.caPem] });
        log(`registered the preload orderer CA (${orderer.msp})`);
    }
    return orderer;
}

/** {mBits, k}: the Bloom filter shape master expects of a chain's anchors. */
async function filterShape(gw, net, chainId) {
    const shape = JSON.parse(await evaluate(gw.master(net.orgs[0], 'user1'), 'GetSlaveChain', [chainId]));
    const mBits = shape.bloomParams ? shape.bloomParams.mBits : shape.mBits;
    const k = shape.bloomParams ? shape.bloomParams.k : shape.k;
    if (!mBits || !k) {
        throw new Error(`cannot read the filter shape of ${chainId}: ${JSON.stringify(shape)}`);
    }
    return { mBits, k };
}

/** The next block master expects of a chain (0 if it has no anchor yet). */
async function nextBlock(gw, org, chainId) {
    const state = JSON.parse(await evaluate(gw.master(org, 'user1'), 'GetAnchorState', [chainId]));
    return state.lastCovered === undefined || state.lastCovered < 0 ? 0 : state.lastCovered + 1;
}

const hex = s => sha256(Buffer.from(s, 'utf8')).toString('hex');

/**
 * Anchors block `blockNumber` of preload chain `chainId` (owned by `org`, stage of process
 * `productType`) holding `records`, each attested by `device` (master anchors only what a device
 * of the chain's owner signed: the entry's Hash(D) is the root of its signed commitment). Submitted
 * with the org's relay identity and waited for on every peer, so the next anchor that depends on
 * it (the next stage, a lot made from these) is checked against it everywhere. Throws unless
 * every entry was anchored.
 */
async function anchorBlock(gw, { org, chainId, productType, blockNumber, records, device, orderer, keyFields, shape }) {
    const entries = [];
    const attestations = [];
    records.forEach((record, e) => {
        const { root, attestation } = device.attest(record, keyFields);
        entries.push({ ...anchorEntry(hex(`${chainId}/${blockNumber}/${e}`), record, keyFields), dataHash: root });
        attestations.push(attestation);
    });
    const signed = orderer.proof(chainId, blockNumber);
    const request = anchorRequest({ slaveChainId: chainId, productType, firstBlock: blockNumber, blockNumber,
        blockHash: signed.blockHash, entries, mBits: shape.mBits, k: shape.k });
    request.headers = signed.headers;
    request.ordererSignatures = signed.ordererSignatures;
    request.attestations = attestations;
    const answer = JSON.parse(await gw.submitSeenByAll(gw.master(org, 'relay'), 'AnchorBlock', [JSON.stringify(request)]));
    if (answer.status !== 'ANCHORED' && answer.status !== 'ALREADY_ANCHORED') {
        throw new Error(`AnchorBlock of ${chainId} block ${blockNumber}: unexpected answer ${JSON.stringify(answer)}`);
    }
    // master rejects an entry that breaks its rules on its own and anchors the rest; preloaded
    // entries are all meant to be anchored
    if (answer.rejected && answer.rejected.length > 0) {
        throw new Error(`AnchorBlock of ${chainId} block ${blockNumber}: master rejected ${JSON.stringify(answer.rejected)}`);
    }
    return answer;
}

module.exports = { govern, defaultKeyFields, registeredChains, ensureProcess, ensurePreloadOrderer, filterShape, nextBlock, anchorBlock };
