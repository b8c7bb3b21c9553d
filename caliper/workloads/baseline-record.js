'use strict';
// Workload "baseline-record", for the comparison of designs: the two designs TMSCT is compared
// with, both on the one channel every organisation shares (master).
//   shared (default)  every organisation writes its full raw records (the whole device-signed
//                     record, private fields included) with PutNote(key, signed record JSON), so
//                     every peer stores every record;
//   private           Fabric's private data collections: PutPrivateNote(key) with the same JSON as
//                     transient data 'note', into the writer's implicit collection, so only its own
//                     peer keeps the record and every peer keeps its hash in the block.
// Records are made and signed exactly as in workload "record".
// Arguments: network, payloadBytes (0), design (shared | private), label.
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { loadNetwork } = require('../lib/topology');
const { Device } = require('../lib/device');
const { makeRecord } = require('../lib/records');

class BaselineRecord extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        this.net = loadNetwork(roundArguments.network);
        this.payloadBytes = roundArguments.payloadBytes || 0;
        this.design = roundArguments.design || 'shared';
        if (!['shared', 'private'].includes(this.design)) {
            throw new Error(`baseline-record: design must be shared or private, not '${this.design}'`);
        }
        this.run = `${Date.now().toString(36)}${workerIndex}`;
        this.devices = this.net.orgs.map(o => new Device(`base-${this.run}-${o.label}`));
        this.next = 0;
    }

    async submitTransaction() {
        const i = this.next++;
        const c = i % this.net.orgs.length;
        const org = this.net.orgs[c];
        const tid = `${this.run}-b${i}`;
        const signed = this.devices[c].sign(makeRecord(tid, org.stage, i, this.payloadBytes));
        const full = `{"data":${signed.record},"deviceId":"${this.devices[c].deviceId}","signature":"${signed.signature}","timestamp":${signed.timestamp}}`;
        const key = `raw~${org.stage}~${tid}`;
        const call = this.design === 'shared'
            ? { contractFunction: 'PutNote', contractArguments: [key, full] }
            : { contractFunction: 'PutPrivateNote', contractArguments: [key], transientMap: { note: Buffer.from(full, 'utf8') } };
        await this.sutAdapter.sendRequests({
            contractId: this.net.masterCc, channel: this.net.masterChannel, ...call,
            invokerIdentity: 'user1', invokerMspId: org.mspId, readOnly: false,
        });
    }
}

module.exports.createWorkloadModule = () => new BaselineRecord();
