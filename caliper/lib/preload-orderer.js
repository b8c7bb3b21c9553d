'use strict';
// A stand-in ordering service for the benchmark preload. The preload chains (bench-p<n>-<org>)
// have no slave channel, so no real orderer ever signed their blocks; master accepts an anchor only
// with a registered orderer's signature on its last slave block header. The preload therefore
// makes its own CA and "orderer" certificate (openssl, kept in the state dir), has the members
// register that CA for the orderer MSP "PreloadOrdererMSP" through an ORDERER_CA_ROOTS proposal
// (each organisation approves it, as for any change), and signs synthetic, hash-linked headers the
// way a Fabric orderer does: SIGNATURES metadata value || signature header || DER header bytes.
// Master then does exactly the work it does for a relay's anchor (header chain, certificate chain,
// one ECDSA verification). Only for benchmark networks: whoever holds this key can sign headers
// that master accepts for any chain.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');

const MSP = 'PreloadOrdererMSP';

function ensureKeys(dir) {
    const f = name => path.join(dir, `preload-orderer-${name}.pem`);
    if (![f('ca'), f('key'), f('cert')].every(fs.existsSync)) {
        fs.mkdirSync(dir, { recursive: true });
        const run = args => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
        run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('ca-key')]);
        run(['req', '-new', '-x509', '-key', f('ca-key'), '-subj', '/CN=preload-orderer-ca', '-days', '3650',
            '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', f('ca')]);
        run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('key')]);
        run(['req', '-new', '-key', f('key'), '-subj', '/CN=preload-orderer', '-out', f('csr')]);
        const ext = f('ext').replace(/\.pem$/, '.cnf');
        fs.writeFileSync(ext, 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n');
        run(['x509', '-req', '-in', f('csr'), '-CA', f('ca'), '-CAkey', f('ca-key'), '-set_serial', '0x' + crypto.randomBytes(8).toString('hex'),
            '-days', '3650', '-extfile', ext, '-out', f('cert')]);
    }
    return { caPem: fs.readFileSync(f('ca'), 'utf8'), key: crypto.createPrivateKey(fs.readFileSync(f('key'))),
        certPem: fs.readFileSync(f('cert'), 'utf8') };
}

// --- protobuf (only what these messages need: varints and length-delimited fields) ---
function varint(n) {
    const out = [];
    let v = BigInt(n);
    do {
        let b = Number(v & 0x7fn);
        v >>= 7n;
        if (v > 0n) b |= 0x80;
        out.push(b);
    } while (v > 0n);
    return Buffer.from(out);
}
const bytesField = (tag, buf) => (buf.length === 0 ? Buffer.alloc(0)
    : Buffer.concat([varint((tag << 3) | 2), varint(buf.length), buf]));
const varintField = (tag, n) => (n === 0 ? Buffer.alloc(0) : Buffer.concat([varint(tag << 3), varint(n)]));

// --- the header's DER bytes (Fabric's protoutil.BlockHeaderBytes) ---
function derLength(n) {
    if (n < 0x80) return Buffer.from([n]);
    const bytes = [];
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const derElement = (tag, value) => Buffer.concat([Buffer.from([tag]), derLength(value.length), value]);
function derInteger(n) {
    let hex = BigInt(n).toString(16);
    if (hex.length % 2) hex = '0' + hex;
    let b = Buffer.from(hex, 'hex');
    if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return derElement(0x02, b);
}
const headerDer = h => derElement(0x30, Buffer.concat([derInteger(h.number), derElement(0x04, h.previousHash), derElement(0x04, h.dataHash)]));
const sha256 = b => crypto.createHash('sha256').update(b).digest();

class PreloadOrderer {
    constructor(dir) {
        Object.assign(this, ensureKeys(dir));
        this.msp = MSP;
        this.last = new Map(); // chain -> { number, hash }
        const identity = Buffer.concat([bytesField(1, Buffer.from(MSP)), bytesField(2, Buffer.from(this.certPem))]);
        this.signatureHeader = Buffer.concat([bytesField(1, identity), bytesField(2, crypto.randomBytes(24))]);
        this.value = Buffer.from('tmsct-preload', 'utf8');
    }

    header(chain, n) {
        const prev = n === 0 ? Buffer.alloc(0) : this.hash(chain, n - 1);
        return { number: n, previousHash: prev, dataHash: sha256(Buffer.from(`${chain}/block/${n}`)) };
    }

    // hash of block n of the synthetic chain, computed on from the last one asked for
    hash(chain, n) {
        let at = this.last.get(chain);
        if (!at || at.number > n) at = { number: -1, hash: Buffer.alloc(0) };
        while (at.number < n) {
            const b = at.number + 1;
            const h = { number: b, previousHash: at.hash, dataHash: sha256(Buffer.from(`${chain}/block/${b}`)) };
            at = { number: b, hash: sha256(headerDer(h)) };
        }
        this.last.set(chain, at);
        return at.hash;
    }

    // the members of one block's AnchorBlock that tie it to a signed header
    proof(chain, n) {
        const h = this.header(chain, n);
        const headerBytes = Buffer.concat([varintField(1, n), bytesField(2, h.previousHash), bytesField(3, h.dataHash)]);
        const signature = crypto.sign('sha256', Buffer.concat([this.value, this.signatureHeader, headerDer(h)]), this.key);
        const sig = Buffer.concat([bytesField(1, this.signatureHeader), bytesField(2, signature)]);
        const metadata = Buffer.concat([bytesField(1, this.value), bytesField(2, sig)]);
        return {
            blockHash: sha256(headerDer(h)).toString('hex'),
            headers: [headerBytes.toString('hex')],
            ordererSignatures: metadata.toString('hex'),
        };
    }
}

module.exports = { PreloadOrderer, MSP };
