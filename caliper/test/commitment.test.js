'use strict';
// The JS commitment must equal tmsct-core's byte for byte: both read test-vectors/commitment.json,
// which a separate program computed.
const test = require('node:test');
const assert = require('node:assert');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { leafBytes, commit, verifyDisclosure, commitmentSigningBytes, fieldPointer } = require('../lib/commitment');

const dir = path.join(__dirname, '..', '..', 'test-vectors');
const vectors = JSON.parse(fs.readFileSync(path.join(dir, 'commitment.json'), 'utf8'));
const saltsOf = c => Object.fromEntries(Object.entries(c.salts).map(([p, s]) => [p, Buffer.from(s, 'hex')]));

test('leaves, roots and disclosures of every case', () => {
    assert.strictEqual(vectors.cases.length, 3);
    for (const c of vectors.cases) {
        const ours = commit(c.record, saltsOf(c));
        assert.deepStrictEqual(ours.pointers, c.leaves.map(l => l.pointer), c.name);
        for (const l of c.leaves) {
            assert.strictEqual(leafBytes(l.pointer, JSON.parse(l.value), Buffer.from(l.salt, 'hex')).toString('hex'), l.leafBytes);
        }
        assert.strictEqual(ours.root, c.root, c.name);
        for (const d of c.disclosures) {
            assert.ok(verifyDisclosure(d, c.root), `${c.name} ${d.pointer}`);
            const mine = ours.disclose(d.pointer);
            assert.deepStrictEqual(mine.proof, d.proof);
            assert.strictEqual(mine.salt, d.salt);
            assert.ok(verifyDisclosure(mine, c.root));
        }
    }
});

test('every tampered disclosure fails', () => {
    assert.strictEqual(vectors.tampered.length, 10);
    for (const t of vectors.tampered) {
        assert.strictEqual(verifyDisclosure(t.disclosure, vectors.cases[0].root), false, t.why);
    }
});

test('signing bytes of every case, and the OpenSSL signature over the first', () => {
    for (const c of vectors.cases) {
        const bytes = commitmentSigningBytes(c.root, c.signing.deviceId, c.signing.timestampMillis);
        assert.strictEqual(bytes.toString('utf8'), c.signing.bytes);
        assert.strictEqual(crypto.createHash('sha256').update(bytes).digest('hex'), c.signing.sha256);
    }
    const { signatureBase64, publicKey, case: i } = vectors.signature;
    const key = crypto.createPublicKey(fs.readFileSync(path.join(dir, publicKey), 'utf8'));
    const sig = Buffer.from(signatureBase64, 'base64');
    const s = vectors.cases[i].signing;
    assert.ok(crypto.verify('sha256', Buffer.from(s.bytes, 'utf8'), { key, dsaEncoding: 'der' }, sig));
    const later = commitmentSigningBytes(vectors.cases[i].root, s.deviceId, s.timestampMillis + 1);
    assert.strictEqual(crypto.verify('sha256', later, { key, dsaEncoding: 'der' }, sig), false);
});

test('random salts: every member discloses, and the same record gets a different root each time', () => {
    const record = vectors.cases[2].record;
    const a = commit(record);
    const b = commit(record);
    assert.notStrictEqual(a.root, b.root);
    for (const p of a.pointers) {
        const d = a.disclose(p);
        assert.ok(verifyDisclosure(d, a.root), p);
        assert.strictEqual(verifyDisclosure(d, b.root), false, p);
        assert.strictEqual(verifyDisclosure({ ...d, value: 'x' + JSON.stringify(d.value) }, a.root), false, p);
    }
    assert.strictEqual(fieldPointer('a/b~'), '/fields/a~1b~0');
});
