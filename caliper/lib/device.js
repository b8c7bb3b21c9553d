'use strict';
// A simulated IoT device: a P-256 key pair and the signature TMSCT's slave contract checks.
// The device signs its salted field commitment to the record (tmsct-core SignedCommitment) with
// ECDSA P-256 / SHA-256, DER encoded. signingBytes is the older record payload, kept for the
// signing test vectors.

const crypto = require('crypto');
const { canonicalBytes } = require('./canonical-json');
const { commit, commitmentSigningBytes } = require('./commitment');

/** The bytes a device signs for a record at epoch milliseconds `timestamp`. */
function signingBytes(record, deviceId, timestamp) {
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
        throw new Error(`timestamp must be non-negative integer epoch milliseconds, got ${timestamp}`);
    }
    return canonicalBytes({ data: record, deviceId, timestamp });
}

class Device {
    constructor(deviceId) {
        this.deviceId = deviceId;
        const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        this.privateKey = privateKey;
        this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' });
    }

    /**
     * The transient map of a slave Record call: record, salts, signature, timestamp. The device
     * commits to the record with fresh salts (lib/commitment.js, tmsct-core FieldCommitment) and
     * signs the commitment (SignedCommitment.signingBytes); the root is the record's Hash(D).
     */
    sign(record, timestamp = Date.now()) {
        const c = commit(record);
        const signature = crypto.sign('sha256', commitmentSigningBytes(c.root, this.deviceId, timestamp),
            { key: this.privateKey, dsaEncoding: 'der' });
        const salts = {};
        for (const p of Object.keys(c.salts).sort()) {
            salts[p] = c.salts[p].toString('hex');
        }
        return {
            record: Buffer.from(JSON.stringify(record), 'utf8'),
            salts: Buffer.from(JSON.stringify(salts), 'utf8'),
            signature: Buffer.from(signature.toString('base64'), 'utf8'),
            timestamp: Buffer.from(String(timestamp), 'utf8'),
        };
    }
}

module.exports = { Device, signingBytes };
