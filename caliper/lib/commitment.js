'use strict';
// The salted field commitment of a raw record (tmsct-core org.tmsct.core.commitment, docs/design.md
// "Record commitment (salted fields)"): one leaf per member (/tid, /stage, /fields/<name>), each
// with its own 32-byte salt, an RFC 6962 Merkle root over them, and disclosures that open one
// member against the root. Node's crypto only.

const crypto = require('crypto');
const { canonicalBytes } = require('./canonical-json');
const { sha256 } = require('./bmerkle');

const LEAF_TAG = Buffer.from('tmsct.field.v1', 'ascii');
const FORMAT = 'tmsct.commitment.v1';
const SALT_LENGTH = 32;
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/** The RFC 6901 pointer of a field: ~ becomes ~0, / becomes ~1. */
const fieldPointer = name => `/fields/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** Members of a record as [pointer, value], ordered by pointer in UTF-16 code units. */
function members(record) {
    const out = [['/tid', record.tid], ['/stage', record.stage]];
    for (const name of Object.keys(record.fields)) {
        out.push([fieldPointer(name), record.fields[name]]);
    }
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function u32(n) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
}

/** "tmsct.field.v1" || u32 len || pointer || u32 len || canonical value || 32-byte salt. */
function leafBytes(pointer, value, salt) {
    if (!Buffer.isBuffer(salt) || salt.length !== SALT_LENGTH) {
        throw new Error(`a salt must be ${SALT_LENGTH} bytes`);
    }
    const p = Buffer.from(pointer, 'utf8');
    const v = canonicalBytes(value);
    return Buffer.concat([LEAF_TAG, u32(p.length), p, u32(v.length), v, salt]);
}

const leafHash = bytes => sha256(LEAF, bytes);

/** Levels of the tree, leaf hashes first; a last unpaired node is carried up unchanged. */
function levels(leafHashes) {
    const out = [leafHashes];
    while (out[out.length - 1].length > 1) {
        const level = out[out.length - 1];
        const up = [];
        for (let i = 0; i + 1 < level.length; i += 2) {
            up.push(sha256(NODE, level[i], level[i + 1]));
        }
        if (level.length % 2 === 1) {
            up.push(level[level.length - 1]);
        }
        out.push(up);
    }
    return out;
}

/**
 * Commits to a record {tid, stage, fields}. `salts` maps each pointer to a 32-byte Buffer; without
 * it, fresh random salts are drawn. Returns {root (hex), pointers, salts, disclose(pointer)}.
 */
function commit(record, salts) {
    const ms = members(record);
    const saltOf = {};
    for (const [p] of ms) {
        saltOf[p] = salts ? salts[p] : crypto.randomBytes(SALT_LENGTH);
        if (!saltOf[p]) {
            throw new Error(`no salt for ${p}`);
        }
    }
    if (salts && Object.keys(salts).length !== ms.length) {
        throw new Error('salts must be given for exactly the members of the record');
    }
    const tree = levels(ms.map(([p, v]) => leafHash(leafBytes(p, v, saltOf[p]))));
    const root = tree[tree.length - 1][0];
    const disclose = pointer => {
        const index = ms.findIndex(([p]) => p === pointer);
        if (index < 0) {
            throw new Error(`the record has no member ${pointer}`);
        }
        const path = [];
        let i = index;
        for (let d = 0; d < tree.length - 1; d++) {
            if ((i ^ 1) < tree[d].length) {
                path.push(tree[d][i ^ 1].toString('hex'));
            }
            i >>>= 1;
        }
        return {
            pointer, proof: { leafIndex: index, path, treeSize: ms.length },
            salt: saltOf[pointer].toString('hex'), value: ms[index][1],
        };
    };
    return { root: root.toString('hex'), pointers: ms.map(([p]) => p), salts: saltOf, disclose };
}

/** RFC 9162 2.1.3.2: the root an audit path leads to, or null if it does not fit the tree shape. */
function rootFromPath(leaf, { leafIndex, treeSize, path }) {
    if (!Number.isInteger(treeSize) || !Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) {
        return null;
    }
    let fn = leafIndex;
    let sn = treeSize - 1;
    let r = leaf;
    for (const hex of path) {
        const p = Buffer.from(hex, 'hex');
        if (sn === 0 || p.length !== 32) {
            return null;
        }
        if (fn % 2 === 1 || fn === sn) {
            r = sha256(NODE, p, r);
            while (fn % 2 === 0 && fn !== 0) {
                fn = Math.floor(fn / 2);
                sn = Math.floor(sn / 2);
            }
        } else {
            r = sha256(NODE, r, p);
        }
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : null;
}

/** True if a disclosure {pointer, value, salt (hex), proof} opens a leaf of the root (hex). */
function verifyDisclosure(d, rootHex) {
    if (typeof d.salt !== 'string' || !/^[0-9a-f]{64}$/.test(d.salt)) {
        return false;
    }
    const root = rootFromPath(leafHash(leafBytes(d.pointer, d.value, Buffer.from(d.salt, 'hex'))), d.proof);
    return root !== null && root.toString('hex') === rootHex;
}

/** The bytes a device signs over a commitment root (hex) at epoch milliseconds `timestamp`. */
function commitmentSigningBytes(rootHex, deviceId, timestamp) {
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
        throw new Error(`timestamp must be non-negative integer epoch milliseconds, got ${timestamp}`);
    }
    return canonicalBytes({ commitment: rootHex, deviceId, format: FORMAT, timestamp });
}

module.exports = {
    FORMAT, SALT_LENGTH, fieldPointer, members, leafBytes, commit, verifyDisclosure,
    commitmentSigningBytes,
};
