'use strict';
// Vectors printed by tmsct-core itself (AnchorEntry.of, BlockSummary.build with BloomParams.DEFAULT,
// BloomFilter) for the same inputs; the master contract recomputes these and refuses a mismatch.
const test = require('node:test');
const assert = require('node:assert');
const { anchorEntry, merkleRoot, bloomIndexes, bloomFilterBase64, sha256 } = require('../lib/bmerkle');

const KEY_FIELDS = ['batch', 'product', 'quantity', 'location', 'temperature'];
const entries = [0, 1, 2, 3, 4].map(i => anchorEntry(`tx${i}`,
    { tid: `PL1-${i}`, stage: 'RAW_MATERIAL', fields: { batch: `B-${i}`, quantity: 10 + i, temperature: -2.5, operator: 'x' } },
    KEY_FIELDS));

test('anchor entry equals AnchorEntry.of', () => {
    assert.deepStrictEqual(entries[0], {
        dataHash: 'a1c8f9d66ae0fa936c330f76285a5e2bc76b2229bffda1c0614dd99d9fd260df',
        keyData: { batch: 'B-0', quantity: 10, temperature: -2.5 }, stage: 'RAW_MATERIAL', tid: 'PL1-0', txId: 'tx0',
    });
});

test('Merkle root and default filter equal BlockSummary.build', () => {
    assert.strictEqual(merkleRoot(entries), '17a6db45e6160aeec1a84a838dca310b608ca7d743c983a499429583cea96496');
    const filter = Buffer.from(bloomFilterBase64(entries.map(e => e.tid), 9586, 7), 'base64');
    assert.strictEqual(sha256(filter).toString('hex'), '2e91f2c728d12a62c529ccc5ee3ba396546eb7f22d27ccb2e4c8b2a1bddd2afc');
    assert.strictEqual(merkleRoot([]), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('Bloom indexes and serialisation equal BloomFilter', () => {
    assert.deepStrictEqual(bloomIndexes('TID-2024-000042', 9586, 7), [4560, 3285, 2010, 5153, 3878, 2603, 1328]);
    assert.strictEqual(bloomFilterBase64(['PL1-0', 'x'], 96, 7), 'AQAAAGAAAAAHCEIAARQgCAMUQAAg');
});
