'use strict';
// Workload "baseline-record", for the storage comparison only: the design TMSCT replaces, where
// every organisation writes its full raw records (the whole device-signed record, private fields
// included) on one channel shared by all: PutNote(key, signed record JSON) on master, so every
// peer stores every record. Records are made and signed exactly as in workload "record".
// Arguments: network, payloadBytes (0), label.
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { loadNetwork } = require('../lib/topology');
const { Device } = require('../lib/device');
const { makeRecord } = require('../lib/records');

class BaselineRecord extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        this.net = loadNetwork(roundArguments.network);
        this.payloadBytes = roundArguments.payloadBytes || 0;
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
        await this.sutAdapter.sendRequests({
            contractId: this.net.masterCc, channel: this.net.masterChannel, contractFunction: 'PutNote',
            contractArguments: [`raw~${org.stage}~${tid}`, full], invokerIdentity: 'user1', invokerMspId: org.mspId, readOnly: false,
        });
    }
}

module.exports.createWorkloadModule = () => new BaselineRecord();
