'use strict';
// The JS canonical JSON and signing bytes must equal tmsct-core's, byte for byte: both are
// checked against test-vectors/ (canonical-json.json, record.json, device-signature.json, keys/).
const test = require('node:test');
const assert = require('node:assert');
const crypto = require('crypto');
const { canonicalize, canonicalBytes } = require('../lib/canonical-json');
const { anchorEntry } = require('../lib/bmerkle');
const { Device, signingBytes } = require('../lib/device');
const { commit, commitmentSigningBytes } = require('../lib/commitment');
const fs = require('fs');
const path = require('path');

// the shared vectors of test-vectors/, which tmsct-core's tests read too
const vectors = {
    text: name => fs.readFileSync(path.join(__dirname, '..', '..', 'test-vectors', name), 'utf8'),
    json: name => JSON.parse(vectors.text(name)),
};

const sha256 = b => crypto.createHash('sha256').update(b).digest('hex');
const { record, anchorEntry: entryVector, signingBytes: signing } = vectors.json('record.json');

test('RFC 8785 documents and numbers of test-vectors/canonical-json.json', () => {
    const { documents, numberBits, numberLiterals } = vectors.json('canonical-json.json');
    assert.strictEqual(documents.length, 2);
    for (const d of documents) {
        assert.strictEqual(canonicalize(JSON.parse(d.input)), d.canonical, d.name);
    }
    assert.strictEqual(numberBits.length, 24);
    for (const v of numberBits) {
        assert.strictEqual(canonicalize(Buffer.from(v.ieee754, 'hex').readDoubleBE(0)), v.canonical, v.ieee754);
    }
    assert.strictEqual(numberLiterals.length, 18);
    for (const v of numberLiterals) {
        assert.strictEqual(canonicalize(JSON.parse(v.literal)), v.canonical, v.literal);
    }
});

test('canonical form of the sample record', () => {
    const c = canonicalize(JSON.parse(record.json));
    assert.strictEqual(c, record.canonical);
    assert.strictEqual(Buffer.byteLength(c, 'utf8'), record.canonicalLength);
    assert.strictEqual(sha256(Buffer.from(c, 'utf8')), record.sha256);
});

test('anchor entry of the sample record equals AnchorEntry.of', () => {
    const entry = anchorEntry(entryVector.txId, JSON.parse(record.json), entryVector.keyFields);
    assert.strictEqual(canonicalize(entry), entryVector.json);
    assert.strictEqual(sha256(canonicalBytes(entry)), entryVector.digest);
});

test('signing bytes equal SignedRecord.signingBytes', () => {
    const bytes = signingBytes(JSON.parse(record.json), signing.deviceId, signing.timestampMillis);
    assert.strictEqual(bytes.toString('utf8'), signing.bytes);
    assert.strictEqual(sha256(bytes), signing.sha256);
});

test('the OpenSSL device signature verifies with the shared public key and certificate', () => {
    const v = vectors.json('device-signature.json');
    const der = Buffer.from(v.signatureBase64, 'base64');
    const data = Buffer.from(v.data, 'utf8');
    for (const pem of [vectors.text(v.publicKey), new crypto.X509Certificate(vectors.text(v.certificate)).publicKey]) {
        assert.ok(crypto.verify('sha256', data, { key: pem, dsaEncoding: 'der' }, der));
        assert.ok(!crypto.verify('sha256', Buffer.from(`${v.data}!`, 'utf8'), { key: pem, dsaEncoding: 'der' }, der));
    }
});

test('escapes and refusals follow RFC 8785', () => {
    assert.strictEqual(canonicalize({ b: '\u0001\b\t\n\f\r"\\/\u007f', a: -0, c: [1e-7, 1e21, 123.456] }),
        '{"a":0,"b":"\\u0001\\b\\t\\n\\f\\r\\"\\\\/\u007f","c":[1e-7,1e+21,123.456]}');
    assert.strictEqual(canonicalize({ '\u20ac': 1, '\ud83d\ude00': 2, z: 3 }), '{"z":3,"\u20ac":1,"\ud83d\ude00":2}');
    assert.throws(() => canonicalize({ x: NaN }));
    assert.throws(() => canonicalize({ x: '\ud800' }));
});

test('a device signs its salted commitment to the record, and sends the salts', () => {
    const device = new Device('sensor-1');
    const r = { tid: 'T-1', stage: 'RAW_MATERIAL', fields: { batch: 'B-1', quantity: 3 } };
    const t = device.sign(r, 1718000000123);
    const salts = JSON.parse(t.salts.toString());
    assert.deepStrictEqual(Object.keys(salts), ['/fields/batch', '/fields/quantity', '/stage', '/tid']);
    const saltBuffers = Object.fromEntries(Object.entries(salts).map(([p, h]) => [p, Buffer.from(h, 'hex')]));
    const root = commit(r, saltBuffers).root;
    const der = Buffer.from(t.signature.toString(), 'base64');
    assert.ok(crypto.verify('sha256', commitmentSigningBytes(root, 'sensor-1', 1718000000123),
        { key: crypto.createPublicKey(device.publicKeyPem), dsaEncoding: 'der' }, der));
    assert.ok(!crypto.verify('sha256', signingBytes(r, 'sensor-1', 1718000000123),
        { key: crypto.createPublicKey(device.publicKeyPem), dsaEncoding: 'der' }, der));
    assert.strictEqual(t.timestamp.toString(), '1718000000123');
});
