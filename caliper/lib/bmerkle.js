'use strict';
// The B-Merkle summary of an anchored slave block, as the master contract recomputes it
// (tmsct-core AnchorEntry, MerkleTree, BloomFilter, BlockSummary): a Merkle root over the entries'
// canonical JSON and a Bloom filter over their trace codes. Used by the preload to build
// AnchorBlock requests that the contract accepts; it refuses any that do not match.

const crypto = require('crypto');
const { canonicalBytes } = require('./canonical-json');

const sha256 = (...parts) => {
    const h = crypto.createHash('sha256');
    parts.forEach(p => h.update(p));
    return h.digest();
};
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);
const MASK64 = (1n << 64n) - 1n;

/** The anchor entry of one record: {dataHash, keyData, stage, tid, txId}. */
function anchorEntry(txId, record, keyFields) {
    const keyData = {};
    for (const f of keyFields) {
        if (Object.prototype.hasOwnProperty.call(record.fields, f)) {
            keyData[f] = record.fields[f];
        }
    }
    return { dataHash: sha256(canonicalBytes(record)).toString('hex'), keyData, stage: record.stage, tid: record.tid, txId };
}

/** Merkle root (hex) over the entries' canonical JSON. */
function merkleRoot(entries) {
    return merkleRootOfLeaves(entries.map(canonicalBytes));
}

/** RFC 6962 Merkle root (hex) over leaf bytes: leaves SHA-256(0x00 || leaf), nodes SHA-256(0x01 || l || r), odd node carried up. */
function merkleRootOfLeaves(leaves) {
    if (leaves.length === 0) {
        return sha256(Buffer.alloc(0)).toString('hex');
    }
    let level = leaves.map(leaf => sha256(LEAF, leaf));
    while (level.length > 1) {
        const up = [];
        for (let i = 0; i + 1 < level.length; i += 2) {
            up.push(sha256(NODE, level[i], level[i + 1]));
        }
        if (level.length % 2 === 1) {
            up.push(level[level.length - 1]);
        }
        level = up;
    }
    return level[0].toString('hex');
}

/** The k bit positions of an item in an m-bit filter (double hashing over SHA-256 of its UTF-8). */
function bloomIndexes(item, m, k) {
    const h = sha256(Buffer.from(item, 'utf8'));
    const h1 = h.readBigUInt64BE(0);
    const h2 = h.readBigUInt64BE(8) | 1n;
    const out = [];
    for (let i = 0n; i < BigInt(k); i++) {
        out.push(Number(((h1 + i * h2) & MASK64) % BigInt(m)));
    }
    return out;
}

/** BloomFilter.toBase64(): version 1, m and k as big-endian ints, then the bits, LSB first. */
function bloomFilterBase64(items, m, k) {
    const bytes = Buffer.alloc(9 + Math.ceil(m / 8));
    bytes[0] = 1;
    bytes.writeInt32BE(m, 1);
    bytes.writeInt32BE(k, 5);
    for (const item of items) {
        for (const b of bloomIndexes(item, m, k)) {
            bytes[9 + (b >>> 3)] |= 1 << (b & 7);
        }
    }
    return bytes.toString('base64');
}

/** An AnchorBlock request for block `blockNumber` (covering firstBlock..blockNumber) of a slave chain. */
function anchorRequest({ slaveChainId, productType, firstBlock, blockNumber, blockHash, entries, mBits, k }) {
    return {
        slaveChainId, productType, firstBlock, blockNumber, blockHash, entries,
        merkleRoot: merkleRoot(entries),
        bloomFilter: bloomFilterBase64(entries.map(e => e.tid), mBits, k),
    };
}

module.exports = { anchorEntry, merkleRoot, merkleRootOfLeaves, bloomIndexes, bloomFilterBase64, anchorRequest, sha256 };
