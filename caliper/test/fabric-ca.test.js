'use strict';
// Fabric CA calls of lib/fabric-ca.js: the registrar token (low S, over the documented payload),
// and register + enroll + Device.create against a stand-in CA served here over HTTPS (openssl
// certificates made per test run), so no running network is needed.

const test = require('node:test');
const assert = require('node:assert');
const crypto = require('crypto');
const fs = require('fs');
const https = require('https');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { register, enroll, token, lowSDer, P256_N } = require('../lib/fabric-ca');
const { Device } = require('../lib/device');

const b64 = b => Buffer.from(b).toString('base64');

/** r and s of a DER ECDSA signature, checking it is minimal DER (what Go's asn1 parser demands). */
function derRS(der) {
    assert.strictEqual(der[0], 0x30);
    assert.strictEqual(der[1], der.length - 2);
    const ints = [];
    let i = 2;
    while (i < der.length) {
        assert.strictEqual(der[i], 0x02);
        const v = der.subarray(i + 2, i + 2 + der[i + 1]);
        assert.ok(v[0] < 0x80, 'negative INTEGER');
        assert.ok(!(v[0] === 0 && v.length > 1 && v[1] < 0x80), 'INTEGER not minimal');
        ints.push(BigInt(`0x${v.toString('hex')}`));
        i += 2 + der[i + 1];
    }
    assert.strictEqual(ints.length, 2);
    return ints;
}

function makeIdentity(dir, name, extra = []) {
    const key = path.join(dir, `${name}-key.pem`);
    const cert = path.join(dir, `${name}-cert.pem`);
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
    execFileSync('openssl', ['req', '-x509', '-new', '-key', key, '-subj', `/CN=${name}`, '-days', '2', '-out', cert, ...extra]);
    return { certificate: cert, privateKey: key };
}

test('the registrar token is b64(cert).b64(DER low-S signature over method.b64(path).b64(body).b64(cert))', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const certPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    for (let i = 0; i < 64; i++) {   // each raw signature has high S with probability 1/2
        const body = Buffer.from(JSON.stringify({ id: `d${i}`, type: 'client' }), 'utf8');
        const t = token(certPem, privateKey, 'POST', '/api/v1/register', body);
        const [cert, sig] = t.split('.');
        assert.strictEqual(Buffer.from(cert, 'base64').toString('utf8'), certPem);
        const der = Buffer.from(sig, 'base64');
        const [r, s] = derRS(der);
        assert.ok(r > 0n && s > 0n && s <= P256_N >> 1n, `high S in token ${i}`);
        const payload = `POST.${b64('/api/v1/register')}.${b64(body)}.${b64(certPem)}`;
        assert.ok(crypto.verify('sha256', Buffer.from(payload, 'utf8'), { key: publicKey, dsaEncoding: 'der' }, der));
        assert.ok(!crypto.verify('sha256', Buffer.from(payload.replace('POST', 'GET'), 'utf8'),
            { key: publicKey, dsaEncoding: 'der' }, der), 'the method is signed');
    }
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    assert.throws(() => token(certPem, rsa, 'POST', '/api/v1/register', Buffer.alloc(0)), /P-256/);
});

test('lowSDer turns a high S into n - S and keeps DER minimal', () => {
    const r = Buffer.alloc(32, 0);
    r[31] = 0x85;   // a one-byte r with the high bit set needs a leading zero
    const highS = P256_N - 5n;
    const raw = Buffer.concat([r, Buffer.from(highS.toString(16).padStart(64, '0'), 'hex')]);
    const der = lowSDer(raw);
    assert.strictEqual(der.toString('hex'), '3007' + '02020085' + '020105');
    assert.deepStrictEqual(derRS(der), [0x85n, 5n]);
    const low = Buffer.concat([Buffer.alloc(31, 0x11), Buffer.from([0x22]), Buffer.alloc(32, 0x7f)]);
    assert.deepStrictEqual(derRS(lowSDer(low)), [BigInt(`0x${'11'.repeat(31)}22`), BigInt(`0x${'7f'.repeat(32)}`)]);
    assert.throws(() => lowSDer(Buffer.alloc(70)), /64-byte/);
});

/**
 * A stand-in for one Fabric CA: checks the registrar's token as the server does (low S too) and
 * the enrolment secret, and issues certificates with its own key (a test CA, not a network's).
 */
async function startCa(t, dir) {
    const tls = makeIdentity(dir, 'tls', ['-addext', 'subjectAltName=IP:127.0.0.1']);
    const issuer = makeIdentity(dir, 'ca', ['-addext', 'basicConstraints=critical,CA:TRUE']);
    const registrar = makeIdentity(dir, 'admin');
    const registrarPem = fs.readFileSync(registrar.certificate, 'utf8');
    const state = { secrets: new Map(), registered: [], enrolled: [] };
    const answer = (res, status, result, errors = []) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ result, errors, messages: [], success: errors.length === 0 }));
    };
    const server = https.createServer({ key: fs.readFileSync(tls.privateKey), cert: fs.readFileSync(tls.certificate) }, (req, res) => {
        const chunks = [];
        req.on('data', c => chunks.push(c));
        req.on('end', () => {
            const body = Buffer.concat(chunks);
            const json = JSON.parse(body.toString('utf8'));
            const auth = req.headers.authorization || '';
            if (req.url === '/api/v1/register') {
                const [cert, sig] = auth.split('.');
                const der = Buffer.from(sig || '', 'base64');
                const payload = `${req.method}.${b64(req.url)}.${b64(body)}.${cert}`;
                const ok = Buffer.from(cert, 'base64').toString('utf8') === registrarPem && der.length > 0
                    && derRS(der)[1] <= P256_N >> 1n
                    && crypto.verify('sha256', Buffer.from(payload, 'utf8'), { key: new crypto.X509Certificate(registrarPem).publicKey }, der);
                if (!ok) {
                    return answer(res, 401, '', [{ code: 20, message: 'Authentication failure' }]);
                }
                if (state.secrets.has(json.id)) {
                    return answer(res, 409, '', [{ code: 74, message: `Identity '${json.id}' is already registered` }]);
                }
                state.registered.push(json);
                const secret = crypto.randomBytes(6).toString('hex');
                state.secrets.set(json.id, secret);
                return answer(res, 201, { secret });
            }
            if (req.url === '/api/v1/enroll') {
                const [id, secret] = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8').split(':');
                if (state.secrets.get(id) !== secret) {
                    return answer(res, 401, '', [{ code: 20, message: 'Authentication failure' }]);
                }
                state.secrets.set(id, null);   // max_enrollments 1
                state.enrolled.push({ id, caname: json.caname });
                fs.writeFileSync(path.join(dir, 'req.csr'), json.certificate_request);
                execFileSync('openssl', ['x509', '-req', '-in', path.join(dir, 'req.csr'), '-CA', issuer.certificate,
                    '-CAkey', issuer.privateKey, '-set_serial', '7', '-days', '1', '-out', path.join(dir, 'issued.pem')],
                { stdio: ['ignore', 'ignore', 'pipe'] });
                return answer(res, 201, { Cert: b64(fs.readFileSync(path.join(dir, 'issued.pem'))), ServerInfo: {} });
            }
            return answer(res, 404, '', [{ code: 0, message: 'no such endpoint' }]);
        });
    });
    await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const ca = { name: 'ca-TestOrg', url: `https://127.0.0.1:${server.address().port}`, tlsRootCert: tls.certificate };
    return { ca, registrar, issuer, state };
}

test('register and enroll at a Fabric CA; Device.create makes a device the CA certified', async t => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmsct-fabric-ca-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const { ca, registrar, issuer, state } = await startCa(t, dir);

    const secret = await register(ca, registrar, { id: 'sensor-1', attrs: [{ name: 'tmsct.role', value: 'device', ecert: true }] });
    assert.deepStrictEqual(state.registered[0], {
        id: 'sensor-1', type: 'client', max_enrollments: 1, caname: 'ca-TestOrg',
        attrs: [{ name: 'tmsct.role', value: 'device', ecert: true }],
    });
    const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = await enroll(ca, 'sensor-1', secret, privateKey);
    assert.match(new crypto.X509Certificate(pem).subject, /CN=sensor-1/);
    assert.deepStrictEqual(state.enrolled, [{ id: 'sensor-1', caname: 'ca-TestOrg' }]);

    // refusals carry the CA's codes and messages
    await assert.rejects(register(ca, registrar, { id: 'sensor-1' }),
        /register of 'sensor-1': refused by Fabric CA ca-TestOrg .*\(HTTP 409\): code 74: Identity 'sensor-1' is already registered/);
    await assert.rejects(enroll(ca, 'sensor-1', secret, privateKey), /HTTP 401\): code 20: Authentication failure/);
    const stranger = makeIdentity(dir, 'stranger');
    await assert.rejects(register(ca, stranger, { id: 'sensor-2' }), /code 20: Authentication failure/);
    // the TLS connection trusts only the CA's TLS root
    await assert.rejects(register({ ...ca, tlsRootCert: issuer.certificate }, registrar, { id: 'sensor-3' }),
        /register of 'sensor-3': cannot call Fabric CA ca-TestOrg/);

    const org = { org: 'TestOrg', ca, caCert: issuer.certificate, identities: { admin: registrar } };
    const device = await Device.create('sensor-4', org);
    const cert = new crypto.X509Certificate(device.certificatePem);
    assert.ok(cert.verify(new crypto.X509Certificate(fs.readFileSync(issuer.certificate)).publicKey));
    assert.strictEqual(cert.publicKey.export({ type: 'spki', format: 'pem' }), device.publicKeyPem);
    assert.strictEqual(device.registrationPem, device.certificatePem);
    assert.deepStrictEqual(state.registered.at(-1).attrs, [{ name: 'tmsct.role', value: 'device', ecert: true }]);
    const { attestation } = device.attest({ tid: 'T-1', stage: 'RAW_MATERIAL', fields: {} }, []);
    assert.strictEqual(attestation.certificate, device.certificatePem);
});

test('Device.create without an organisation is a bare key; an organisation without a Fabric CA is an error', async () => {
    const bare = await Device.create('base-1');
    assert.strictEqual(bare.certificatePem, null);
    assert.strictEqual(bare.registrationPem, bare.publicKeyPem);
    await assert.rejects(Device.create('bench-2', { org: 'Org1', ca: null, domain: 'org1.example.com' }), /names no Fabric CA of Org1/);
});
