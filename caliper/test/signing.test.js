'use strict';
// The JS signing bytes must equal tmsct-core's, byte for byte: these vectors are the ones
// tmsct-core's own tests pin (Samples.RECORD_JSON / RECORD_CANONICAL / RECORD_SHA256 and
// SignedRecordTest.signingBytesAreTheCanonicalEnvelope).
const test = require('node:test');
const assert = require('node:assert');
const crypto = require('crypto');
const { canonicalize } = require('../lib/canonical-json');
const { Device, signingBytes } = require('../lib/device');

const RECORD_JSON = '{\n  "tid": "TID-2024-000042",\n  "stage": "raw-material",\n  "fields": {\n'
    + '    "weightKg": 12.50,\n    "batch": "B-7",\n    "temperatureC": -3,\n'
    + '    "supplier": { "name": "Acme Steel", "country": "DE" },\n    "certified": true,\n    "notes": null,\n'
    + '    "operator": "J\\u00fcrgen M\u00fcller",\n    "price": "\u20ac12",\n'
    + '    "readings": [1.0, 2.25, 1E21, 0.000001, 1e-7]\n  }\n}';
const RECORD_CANONICAL = '{"fields":{"batch":"B-7","certified":true,"notes":null,'
    + '"operator":"J\u00fcrgen M\u00fcller","price":"\u20ac12","readings":[1,2.25,1e+21,0.000001,1e-7],'
    + '"supplier":{"country":"DE","name":"Acme Steel"},"temperatureC":-3,"weightKg":12.5},'
    + '"stage":"raw-material","tid":"TID-2024-000042"}';
const sha256 = b => crypto.createHash('sha256').update(b).digest('hex');

test('canonical form of the tmsct-core sample record', () => {
    const c = canonicalize(JSON.parse(RECORD_JSON));
    assert.strictEqual(c, RECORD_CANONICAL);
    assert.strictEqual(sha256(Buffer.from(c, 'utf8')), '219475d39eca3e347ebd0e200e5940abe67f1094c2924de956a9561646306d7f');
});

test('signing bytes equal SignedRecord.signingBytes', () => {
    const bytes = signingBytes(JSON.parse(RECORD_JSON), 'sensor-0001', 1718000000123);
    assert.strictEqual(bytes.toString('utf8'), `{"data":${RECORD_CANONICAL},"deviceId":"sensor-0001","timestamp":1718000000123}`);
    assert.strictEqual(sha256(bytes), '10ca9f2833748393eb83d59ab10fababa85811c269cf19a6741b9ec5dca035f4');
});

test('escapes and refusals follow RFC 8785', () => {
    assert.strictEqual(canonicalize({ b: '\u0001\b\t\n\f\r"\\/\u007f', a: -0, c: [1e-7, 1e21, 123.456] }),
        '{"a":0,"b":"\\u0001\\b\\t\\n\\f\\r\\"\\\\/\u007f","c":[1e-7,1e+21,123.456]}');
    assert.strictEqual(canonicalize({ '\u20ac': 1, '\ud83d\ude00': 2, z: 3 }), '{"z":3,"\u20ac":1,"\ud83d\ude00":2}');
    assert.throws(() => canonicalize({ x: NaN }));
    assert.throws(() => canonicalize({ x: '\ud800' }));
});

test('a device signature verifies over the signing bytes', () => {
    const device = new Device('sensor-1');
    const record = { tid: 'T-1', stage: 'RAW_MATERIAL', fields: { batch: 'B-1', quantity: 3 } };
    const t = device.sign(record, 1718000000123);
    const der = Buffer.from(t.signature.toString(), 'base64');
    assert.ok(crypto.verify('sha256', signingBytes(record, 'sensor-1', 1718000000123),
        { key: crypto.createPublicKey(device.publicKeyPem), dsaEncoding: 'der' }, der));
    assert.strictEqual(t.timestamp.toString(), '1718000000123');
});
