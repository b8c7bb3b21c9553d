'use strict';
// Caliper reads an organisation's wallet (tmsct identity enroll) like the client and the relay.
const { test } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { walletIdentities } = require('../lib/topology');
const { caliperNetwork } = require('../network/generate');

function org(dir) {
    const id = { certificate: '/x/cert.pem', privateKey: '/x/key.pem' };
    return {
        org: 'RawMaterialOrg', mspId: 'RawMaterialOrgMSP', masterChannel: 'master', slaveChannel: 'raw-material',
        chaincodes: { master: 'm', slave: 's' }, wallet: dir,
        identities: { admin: id, user1: id, relay: id },
        peer: { endpoint: '127.0.0.1:1', tlsRootCert: '/x/tls.pem', hostAlias: 'peer0' },
    };
}

test('wallet identities are the directories holding both a certificate and a key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-'));
    try {
        for (const [name, files] of [['alice', ['cert.pem', 'key.pem']], ['half', ['cert.pem']], ['bob', ['cert.pem', 'key.pem']]]) {
            fs.mkdirSync(path.join(dir, name));
            files.forEach(f => fs.writeFileSync(path.join(dir, name, f), 'x'));
        }
        assert.deepStrictEqual(Object.keys(walletIdentities(dir)), ['alice', 'bob']);
        assert.strictEqual(walletIdentities(dir).bob.privateKey, path.join(dir, 'bob', 'key.pem'));
        assert.deepStrictEqual(walletIdentities(path.join(dir, 'absent')), {});

        const names = caliperNetwork({ organizations: [org(dir)] }).organizations[0].identities.certificates.map(c => c.name);
        assert.deepStrictEqual(names, ['admin', 'user1', 'relay', 'alice', 'bob']);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
