'use strict';
// A simulated IoT device: a P-256 key pair and the signature TMSCT's slave contract checks.
// The device signs its salted field commitment to the record (tmsct-core SignedCommitment) with
// ECDSA P-256 / SHA-256, DER encoded. signingBytes is the older record payload, kept for the
// signing test vectors.

const crypto = require('crypto');
const { canonicalBytes } = require('./canonical-json');
const { commit, commitmentSigningBytes, fieldPointer } = require('./commitment');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const fabricCa = require('./fabric-ca');

/** The bytes a device signs for a record at epoch milliseconds `timestamp`. */
function signingBytes(record, deviceId, timestamp) {
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
        throw new Error(`timestamp must be non-negative integer epoch milliseconds, got ${timestamp}`);
    }
    return canonicalBytes({ data: record, deviceId, timestamp });
}

/**
 * A device certificate for `privateKey`, issued with the organisation's CA key as `tmsct device
 * keygen` issues it (CN = device id, OU=device, not a CA), by the openssl command line: master
 * checks it against the device CA that bootstrap registers.
 */
function issueCertificate(privateKey, deviceId, { caCert, caKey, domain }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmsct-device-'));
    try {
        const key = path.join(dir, 'key.pem');
        const csr = path.join(dir, 'device.csr');
        const ext = path.join(dir, 'ext.cnf');
        const cert = path.join(dir, 'cert.pem');
        fs.writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
        fs.writeFileSync(ext, 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n');
        execFileSync('openssl', ['req', '-new', '-key', key, '-subj', `/O=${domain}/OU=device/CN=${deviceId}`, '-out', csr]);
        execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey,
            '-set_serial', `0x${crypto.randomBytes(16).toString('hex')}`, '-days', '3650',
            '-sha256', '-extfile', ext, '-out', cert], { stdio: ['ignore', 'ignore', 'pipe'] });
        return fs.readFileSync(cert, 'utf8');
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

class Device {
    /**
     * A new key pair; with `ca` ({caCert, caKey, domain} of a cryptogen network.json), a
     * certificate issued with the CA key. An organisation with a Fabric CA needs Device.create.
     */
    constructor(deviceId, ca) {
        if (ca && ca.ca) {
            throw new Error(`device ${deviceId}: ${ca.org || 'the organisation'} has a Fabric CA; make its devices with Device.create`);
        }
        this.deviceId = deviceId;
        const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        this.privateKey = privateKey;
        this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' });
        this.certificatePem = ca ? issueCertificate(privateKey, deviceId, ca) : null;
    }

    /**
     * A device of organisation `org` (topology.js): on a CRYPTO=ca network the org admin registers
     * it at the org's Fabric CA (tmsct.role=device, one enrolment, as `tmsct device keygen` does)
     * and it enrols its key made here, so no CA key is read; on a cryptogen one, new Device.
     * A Fabric CA id enrols once: give each call a fresh deviceId.
     */
    static async create(deviceId, org) {
        if (!org || !org.ca) {
            return new Device(deviceId, org);
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

module.exports = { Device, signingBytes, issueCertificate };
