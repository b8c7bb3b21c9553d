'use strict';
// A simulated IoT device: a P-256 key pair and the signature TMSCT's slave contract checks.
// The device signs the canonical bytes of {"data":<raw record>,"deviceId":"...","timestamp":<ms>}
// (tmsct-core SignedRecord.signingBytes) with ECDSA P-256 / SHA-256, DER encoded.

const crypto = require('crypto');
const { canonicalBytes } = require('./canonical-json');

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

    /** The transient map of a slave Record call: record, signature, timestamp. */
    sign(record, timestamp = Date.now()) {
        const signature = crypto.sign('sha256', signingBytes(record, this.deviceId, timestamp),
            { key: this.privateKey, dsaEncoding: 'der' });
        return {
            record: Buffer.from(JSON.stringify(record), 'utf8'),
            signature: Buffer.from(signature.toString('base64'), 'utf8'),
            timestamp: Buffer.from(String(timestamp), 'utf8'),
        };
    }
}

module.exports = { Device, signingBytes };
