'use strict';
// caliper/lib/bmerkle.js must build the anchor summaries that tmsct-core (and so the master
// contract, which refuses a mismatch) builds: both are checked against test-vectors/.
const test = require('node:test');
const assert = require('node:assert');
const { anchorEntry, merkleRoot, merkleRootOfLeaves, bloomIndexes, bloomFilterBase64, sha256 } = require('../lib/bmerkle');
const fs = require('fs');
const path = require('path');

// the shared vectors of test-vectors/, which tmsct-core's tests read too
const vectors = {
    text: name => fs.readFileSync(path.join(__dirname, '..', '..', 'test-vectors', name), 'utf8'),
    json: name => JSON.parse(vectors.text(name)),
};

test('Merkle roots over fixed leaves equal test-vectors/merkle.json', () => {
    const { roots } = vectors.json('merkle.json');
    assert.strictEqual(roots.length, 5);
    for (const { size, root } of roots) {
        const leaves = Array.from({ length: size }, (_, i) => Buffer.from(`leaf-${i}`, 'utf8'));
        assert.strictEqual(merkleRootOfLeaves(leaves), root, `size ${size}`);
    }
});

test('Bloom indexes and serialisation equal test-vectors/bloom.json', () => {
    const { indexes, filters } = vectors.json('bloom.json');
    assert.ok(indexes.length > 0 && filters.length > 0);
    for (const v of indexes) {
        assert.deepStrictEqual(bloomIndexes(v.item, v.mBits, v.k), v.indexes, `${v.item} m=${v.mBits} k=${v.k}`);
    }
    for (const v of filters) {
        const base64 = bloomFilterBase64(v.items, v.mBits, v.k);
        assert.strictEqual(base64, v.base64);
        assert.strictEqual(Buffer.from(base64, 'base64').toString('hex'), v.hex);
    }
});

test('the fixed block has the Merkle root and filter of its anchor record', () => {
    const block = vectors.json('block-summary.json').fixedBlock;
    const summary = JSON.parse(block.summary);
    assert.strictEqual(merkleRoot(block.entries), summary.merkleRoot);
    assert.strictEqual(bloomFilterBase64(block.entries.map(e => e.tid), block.mBits, block.k), summary.bloom);
    assert.strictEqual(sha256(Buffer.from(block.blockHashOf, 'utf8')).toString('hex'), summary.blockHash);
});

test('anchor entries, Merkle root and default filter of the records block equal BlockSummary.build', () => {
    const v = vectors.json('block-summary.json').recordsBlock;
    const entries = v.records.map((r, i) => anchorEntry(v.txIds[i], r, v.keyFields));
    assert.strictEqual(entries.length, 5);
    assert.deepStrictEqual(entries[0], v.firstEntry);
    assert.strictEqual(merkleRoot(entries), v.merkleRoot);
    const filter = Buffer.from(bloomFilterBase64(entries.map(e => e.tid), v.defaultFilter.mBits, v.defaultFilter.k), 'base64');
    assert.strictEqual(sha256(filter).toString('hex'), v.defaultFilter.sha256);
    assert.strictEqual(merkleRoot([]), vectors.json('merkle.json').roots.find(r => r.size === 0).root);
});
