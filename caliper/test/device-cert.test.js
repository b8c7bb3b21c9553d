'use strict';
// A simulated device with a certificate from a CA (a throwaway one made here; on a network the
// organisation's Fabric CA enrols it, see fabric-ca.test.js) gives attestations that check out:
// certificate chain, signature, disclosures.

const test = require('node:test');
const assert = require('node:assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { Device } = require('../lib/device');
const { commitmentSigningBytes, verifyDisclosure } = require('../lib/commitment');

function makeCa(dir) {
    const caKey = path.join(dir, 'ca-key.pem');
    const caCert = path.join(dir, 'ca-cert.pem');
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', caKey]);
    execFileSync('openssl', ['req', '-x509', '-new', '-key', caKey, '-subj', '/O=org1.example.com/CN=ca.org1.example.com',
        '-days', '30', '-out', caCert, '-addext', 'basicConstraints=critical,CA:TRUE']);
    return { caKey, caCert, domain: 'org1.example.com' };
}

/** Certifies the device's key with the throwaway CA, as its organisation's CA would. */
function certify(device, { caKey, caCert, domain }, dir) {
    const key = path.join(dir, 'device-key.pem');
    const csr = path.join(dir, 'device.csr');
    const cert = path.join(dir, 'device-cert.pem');
    fs.writeFileSync(key, device.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    execFileSync('openssl', ['req', '-new', '-key', key, '-subj', `/O=${domain}/OU=client/CN=${device.deviceId}`, '-out', csr]);
    execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-set_serial', '0x01',
        '-days', '1', '-sha256', '-out', cert], { stdio: ['ignore', 'ignore', 'pipe'] });
    device.certificatePem = fs.readFileSync(cert, 'utf8');
    return device;
}

test('a device certificate is issued by the CA and its attestation verifies', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmsct-ca-'));
    try {
        const ca = makeCa(dir);
        const device = certify(new Device('bench-1'), ca, dir);
        const cert = new crypto.X509Certificate(device.certificatePem);
        assert.ok(cert.verify(new crypto.X509Certificate(fs.readFileSync(ca.caCert)).publicKey));
        assert.match(cert.subject, /CN=bench-1/);
        assert.strictEqual(cert.ca, false);
        assert.strictEqual(device.registrationPem, device.certificatePem);

        const record = { tid: 'T-1', stage: 'RAW_MATERIAL', fields: { batch: 'B-1', price: 9.5, quantity: 3 } };
        const { root, attestation } = device.attest(record, ['batch', 'quantity', 'absent'], 1718000000123);
        assert.deepStrictEqual(attestation.disclosures.map(d => d.pointer), ['/tid', '/stage', '/fields/batch', '/fields/quantity']);
        for (const d of attestation.disclosures) {
            assert.ok(verifyDisclosure(d, root), d.pointer);
        }
        assert.strictEqual(attestation.signed.commitment, root);
        assert.ok(crypto.verify('sha256', commitmentSigningBytes(root, 'bench-1', 1718000000123),
            { key: cert.publicKey, dsaEncoding: 'der' }, Buffer.from(attestation.signed.signature, 'base64')));
        assert.ok(!JSON.stringify(attestation).includes('9.5'), 'a private field was disclosed');
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
