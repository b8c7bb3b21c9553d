'use strict';
// The two Fabric CA REST calls a benchmark device needs on a CRYPTO=ca network: the org admin
// registers the device (tmsct.role=device in its enrolment certificate), then the device enrols a
// key pair made here by sending only a CSR. No CA private key is ever read. Node's https and
// crypto only, so the workers need no Fabric CA client library.
const crypto = require('crypto');
const fs = require('fs');
const https = require('https');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

// the P-256 group order: Fabric CA accepts only low-S signatures (s <= n/2), as Fabric does
const P256_N = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551');
const P256_HALF_N = P256_N >> 1n;

const TIMEOUT_MS = 30000;

const b64 = b => Buffer.from(b).toString('base64');

/** DER INTEGER of a non-negative big-endian magnitude. */
function derInteger(bytes) {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) {
        i++;
    }
    let v = bytes.subarray(i);
    if (v[0] & 0x80) {
        v = Buffer.concat([Buffer.from([0]), v]);   // keep it positive
    }
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
}

/**
 * An ECDSA P-256 signature (r || s, 64 bytes) as DER, with s replaced by n - s when it is high:
 * both verify, but Fabric CA refuses the high one.
 */
function lowSDer(p1363) {
    if (p1363.length !== 64) {
        throw new Error(`expected a 64-byte P-256 signature, got ${p1363.length} bytes`);
    }
    let s = BigInt(`0x${p1363.subarray(32).toString('hex')}`);
    if (s > P256_HALF_N) {
        s = P256_N - s;
    }
    const body = Buffer.concat([derInteger(p1363.subarray(0, 32)), derInteger(Buffer.from(s.toString(16).padStart(64, '0'), 'hex'))]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);   // at most 70 bytes: short-form length
}

/**
 * Fabric CA's authorisation token for a registrar call: b64(cert) "." b64(signature), the
 * signature over method.b64(path).b64(body).b64(cert), SHA-256, DER, low S. `urlPath` is the
 * request's path as the server sees it (e.g. /api/v1/register).
 */
function token(certPem, privateKey, method, urlPath, body) {
    const key = typeof privateKey === 'string' || Buffer.isBuffer(privateKey) ? crypto.createPrivateKey(privateKey) : privateKey;
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails.namedCurve !== 'prime256v1') {
        throw new Error('a Fabric CA token needs an ECDSA P-256 key');
    }
    const cert = b64(certPem);
    const payload = `${method}.${b64(urlPath)}.${b64(body)}.${cert}`;
    const signature = crypto.sign('sha256', Buffer.from(payload, 'utf8'), { key, dsaEncoding: 'ieee-p1363' });
    return `${cert}.${b64(lowSDer(signature))}`;
}

/** "code 74: Identity 'x' is already registered; ..." from a Fabric CA answer. */
function caErrors(answer) {
    const errors = (answer && Array.isArray(answer.errors)) ? answer.errors : [];
    return errors.length === 0 ? 'no error message' : errors.map(e => `code ${e.code}: ${e.message}`).join('; ');
}

/**
 * One JSON call; resolves to the answer's result. `authorize(path, bodyBytes)` gives the
 * Authorization header (the token signs the path the server sees, so it is made here). The TLS
 * connection trusts only the CA's TLS root of network.json, not the system's roots.
 */
function call(ca, method, apiPath, body, authorize, what) {
    const url = new URL(ca.url.replace(/\/+$/, '') + apiPath);
    const bytes = Buffer.from(JSON.stringify(body), 'utf8');
    const where = `Fabric CA ${ca.name} at ${ca.url}`;
    let tlsRoot;
    try {
        tlsRoot = fs.readFileSync(ca.tlsRootCert);
    } catch (e) {
        return Promise.reject(new Error(`cannot read the TLS root of ${where} (${ca.tlsRootCert}): ${e.message}`));
    }
    return new Promise((resolve, reject) => {
        const req = https.request(url, {
            method,
            ca: tlsRoot,
            timeout: TIMEOUT_MS,
            headers: {
                'Content-Type': 'application/json',
                'Content-Length': bytes.length,
                Authorization: authorize(url.pathname + url.search, bytes),
            },
        }, res => {
            const chunks = [];
            res.on('data', c => chunks.push(c));
            res.on('error', e => reject(new Error(`${what}: reading the answer of ${where}: ${e.message}`)));
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                let answer;
                try {
                    answer = JSON.parse(text);
                } catch (e) {
                    reject(new Error(`${what}: ${where} answered HTTP ${res.statusCode} with no JSON: ${text.slice(0, 200)}`));
                    return;
                }
                if (res.statusCode < 200 || res.statusCode >= 300 || !answer || answer.success !== true) {
                    reject(new Error(`${what}: refused by ${where} (HTTP ${res.statusCode}): ${caErrors(answer)}`));
                    return;
                }
                resolve(answer.result);
            });
        });
        req.on('timeout', () => req.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
        req.on('error', e => reject(new Error(`${what}: cannot call ${where} (TLS root ${ca.tlsRootCert}): ${e.message}`)));
        req.end(bytes);
    });
}

/**
 * Registers an identity with the registrar's token; resolves to its enrolment secret (made by the
 * CA). `registrar` is an identity of network.json ({certificate, privateKey} file paths), such as
 * the org admin, whom enroll.sh lets register clients with tmsct.* attributes.
 */
async function register(ca, registrar, { id, type = 'client', attrs = [], maxEnrollments = 1, secret }) {
    const certPem = fs.readFileSync(registrar.certificate, 'utf8');
    const key = crypto.createPrivateKey(fs.readFileSync(registrar.privateKey));
    const body = {
        id, type, max_enrollments: maxEnrollments, caname: ca.name,
        attrs: attrs.map(a => ({ name: a.name, value: a.value, ecert: Boolean(a.ecert) })),
    };
    if (secret) {
        body.secret = secret;
    }
    const result = await call(ca, 'POST', '/api/v1/register', body,
        (urlPath, bytes) => token(certPem, key, 'POST', urlPath, bytes), `register of '${id}'`);
    if (!result || typeof result.secret !== 'string' || result.secret === '') {
        throw new Error(`register of '${id}': Fabric CA ${ca.name} answered without a secret`);
    }
    return result.secret;
}

/**
 * A PEM PKCS#10 request for `privateKey` (CN = id, O = the organisation's domain when given: Fabric
 * CA keeps it), by openssl; the key file lives 0600 only meanwhile.
 */
function csr(privateKey, id, orgDomain) {
    if (/[/\\=+,]/.test(id) || (orgDomain && /[/\\=+,]/.test(orgDomain))) {
        throw new Error(`identity '${id}' cannot go in a certificate subject as it is`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmsct-csr-'));
    try {
        const key = path.join(dir, 'key.pem');
        fs.writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
        const subject = orgDomain ? `/O=${orgDomain}/CN=${id}` : `/CN=${id}`;
        return execFileSync('openssl', ['req', '-new', '-key', key, '-subj', subject],
            { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * Enrols `id` with its secret for `privateKey` (a KeyObject made here): resolves to the
 * certificate PEM, checked to be for this key and this id before anyone relies on it.
 */
async function enroll(ca, id, secret, privateKey, orgDomain) {
    const body = { certificate_request: csr(privateKey, id, orgDomain), caname: ca.name };
    const basic = `Basic ${b64(`${id}:${secret}`)}`;
    const result = await call(ca, 'POST', '/api/v1/enroll', body, () => basic, `enroll of '${id}'`);
    if (!result || typeof result.Cert !== 'string') {
        throw new Error(`enroll of '${id}': Fabric CA ${ca.name} answered without a certificate`);
    }
    const pem = Buffer.from(result.Cert, 'base64').toString('utf8');
    const cert = new crypto.X509Certificate(pem);
    const spki = k => k.export({ type: 'spki', format: 'der' });
    if (!spki(cert.publicKey).equals(spki(crypto.createPublicKey(privateKey)))) {
        throw new Error(`enroll of '${id}': Fabric CA ${ca.name} issued a certificate for another key`);
    }
    if (!cert.subject.split('\n').includes(`CN=${id}`)) {
        throw new Error(`enroll of '${id}': the certificate names ${JSON.stringify(cert.subject)}, not CN=${id}`);
    }
    return pem;
}

module.exports = { register, enroll, token, lowSDer, P256_N };
