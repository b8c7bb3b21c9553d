'use strict';
// A simulated IoT device: a P-256 key pair and the signature TMSCT's slave contract checks.
// The device signs its salted field commitment to the record (tmsct-core SignedCommitment) with
// ECDSA P-256 / SHA-256, DER encoded. signingBytes is the older record payload, kept for the
// signing test vectors.

const crypto = require('crypto');
const { canonicalBytes } = require('./canonical-json');
const { commit, commitmentSigningBytes, fieldPointer } = require('./commitment');
const fabricCa = require('./fabric-ca');

/** The bytes a device signs for a record at epoch milliseconds `timestamp`. */
function signingBytes(record, deviceId, timestamp) {
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
        throw new Error(`timestamp must be non-negative integer epoch milliseconds, got ${timestamp}`);
    }
    return canonicalBytes({ data: record, deviceId, timestamp });
}

class Device {
    /** A new key pair, without a certificate until Device.create enrols it at a Fabric CA. */
    constructor(deviceId) {
        this.deviceId = deviceId;
        const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        this.privateKey = privateKey;
        this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' });
        this.certificatePem = null;
    }

    /**
     * A device of organisation `org` (topology.js): the org admin registers it at the org's Fabric
     * CA (tmsct.role=device, one enrolment, as `tmsct device keygen` does) and it enrols its key
     * made here, so no CA key is read (on a cryptogen network the CA server runs on cryptogen's
     * key). Without an org, a bare key. A Fabric CA id enrols once: give each call a fresh id.
     */
    static async create(deviceId, org) {
        if (!org) {
            return new Device(deviceId);
        }
        if (!org.ca) {
            throw new Error(`device ${deviceId}: network.json names no Fabric CA of ${org.org}`);
        }
        const registrar = org.identities && org.identities.admin;
        if (!registrar) {
            throw new Error(`device ${deviceId}: network.json names no admin identity of ${org.org} to register it at ${org.ca.name}`);
        }
        const device = new Device(deviceId);
        const secret = await fabricCa.register(org.ca, registrar, {
            id: deviceId, type: 'client', maxEnrollments: 1,
            attrs: [{ name: 'tmsct.role', value: 'device', ecert: true }],
        });
        device.certificatePem = await fabricCa.enroll(org.ca, deviceId, secret, device.privateKey, org.domain);
        return device;
    }

    /** What RegisterDevice takes: the certificate, or the bare key of a device without one. */
    get registrationPem() {
        return this.certificatePem || this.publicKeyPem;
    }

    /**
     * The attestation the slave contract stores for a record this device signed (tmsct-core
     * EntryAttestation): for anchors made directly on master, such as the preload's. Returns
     * {root, attestation}.
     */
    attest(record, keyFields, timestamp = Date.now()) {
        if (!this.certificatePem) {
            throw new Error(`device ${this.deviceId} has no CA-issued certificate`);
        }
        const c = commit(record);
        const signature = crypto.sign('sha256', commitmentSigningBytes(c.root, this.deviceId, timestamp),
            { key: this.privateKey, dsaEncoding: 'der' });
        const disclosures = ['/tid', '/stage'];
        for (const f of [...keyFields].sort()) {
            if (Object.prototype.hasOwnProperty.call(record.fields, f)) {
                disclosures.push(fieldPointer(f));
            }
        }
        return {
            root: c.root,
            attestation: {
                certificate: this.certificatePem,
                disclosures: disclosures.map(c.disclose),
                signed: { commitment: c.root, deviceId: this.deviceId, signature: signature.toString('base64'), timestamp },
            },
        };
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
