'use strict';
// Workload "record": device-signed records submitted to the four slave channels round-robin
// (transaction i of a worker goes to channel i mod 4). The device signature is made here, per
// record (a salted field commitment, signed; the device's certificate is issued by the
// organisation's CA, which bootstrap registers on master as its device CA: with its CA key on a
// cryptogen network, by its Fabric CA on a CRYPTO=ca one); the raw record and its salts travel as
// transient data (never in a block), as in a real gateway.
//
// Stage order: the master contract refuses to anchor a stage of a TID before one of its
// predecessor stages is anchored, and the relay then retries the whole block every 15 s. So the
// later stages of this round use TIDs prepared before the round: the init phase records
// RAW_MATERIAL, then LOGISTICS, then PROCESSING for pool TIDs, waiting each time until the relays
// have anchored them on master and confirmed them on their slave channel. In the round, RAW_MATERIAL gets fresh TIDs and stage c uses the
// pool of TIDs whose stage c-1 is anchored; each pool TID takes at most `reuse` records of its
// stage (several readings of one batch). Every record of the round is therefore anchorable.
//
// Arguments: network (network.json), txNumber (the round's total), reuse (4), payloadBytes (0),
// anchorWaitSeconds (120), anchorLag (false: sample the relays' /metrics during the round and
// write anchor-lag-<label>.json to resultsDir), label.
const fs = require('fs');
const path = require('path');
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { loadNetwork, sleep, mapLimit } = require('../lib/topology');
const { Device } = require('../lib/device');
const { makeRecord } = require('../lib/records');
const relay = require('../lib/relay-metrics');

class RecordWorkload extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        const a = roundArguments;
        this.net = loadNetwork(a.network);
        this.orgs = this.net.orgs;
        this.label = a.label || `round${roundIndex}`;
        this.payloadBytes = a.payloadBytes || 0;
        this.resultsDir = a.resultsDir;
        this.run = `${Date.now().toString(36)}${workerIndex}`;
        this.next = 0;
        const perWorker = Math.max(1, Math.floor((a.txNumber || 100) / totalWorkers));   // as Caliper splits txNumber
        const perChannel = Math.ceil(perWorker / this.orgs.length);
        this.poolSize = Math.max(1, Math.ceil(perChannel / (a.reuse || 4)));

        this.devices = await Promise.all(this.orgs.map(o => Device.create(`bench-${this.run}-${o.label}`, o)));
        await Promise.all(this.orgs.map((o, c) => this.submit(o, 'admin', 'RegisterDevice',
            [this.devices[c].deviceId, this.devices[c].registrationPem]).then(s => this.mustSucceed(s, `RegisterDevice on ${o.slaveChannel}`))));

        // pools[c]: TIDs whose stages 0..c-1 are anchored, for stage c of the round (c = 1..3)
        this.pools = this.orgs.map((o, c) => (c === 0 ? [] : Array.from({ length: this.poolSize }, (_, j) => `${this.run}-p${c}-${j}`)));
        for (let stage = 0; stage < this.orgs.length - 1; stage++) {
            const tids = this.pools.slice(stage + 1).flat();
            await this.prepareStage(stage, tids, (a.anchorWaitSeconds || 120) * 1000);
        }
        if (a.anchorLag && workerIndex === 0) {
            await this.startLagSampling(a, totalWorkers, perWorker);
        }
    }

    async submitTransaction() {
        const i = this.next++;
        if (i === 0 && this.lag) {
            await this.beginLag();   // at the round's start, when every worker's pool is anchored
        }
        const c = i % this.orgs.length;
        const tid = c === 0 ? `${this.run}-n${i}` : this.pools[c][Math.floor(i / this.orgs.length) % this.poolSize];
        await this.record(c, tid, i);
    }

    async cleanupWorkloadModule() {
        if (this.lag && this.lag.before) {
            await this.finishLagSampling();
        }
        const dir = this.resultsDir || '.';
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `records-${this.label}-w${this.workerIndex}.json`), JSON.stringify({
            label: this.label, worker: this.workerIndex, roundRecords: this.next, preparationRecords: this.prepared || 0,
            poolSize: this.poolSize, deviceRegistrations: this.orgs.length,
        }, null, 2) + '\n');
    }

    // --- helpers ---

    submit(org, identity, fn, args, transientMap, readOnly = false, channel = org.slaveChannel, contractId = org.slaveCc) {
        return this.sutAdapter.sendRequests({
            contractId, channel, contractFunction: fn, contractArguments: args, transientMap,
            invokerIdentity: identity, invokerMspId: org.mspId, readOnly,
        });
    }

    mustSucceed(status, what) {
        if (status.GetStatus() !== 'success') {
            throw new Error(`${what} failed (see the error logged above)`);
        }
        return status;
    }

    record(c, tid, seq) {
        const org = this.orgs[c];
        const data = makeRecord(tid, org.stage, seq, this.payloadBytes);
        return this.submit(org, 'user1', 'Record', [this.devices[c].deviceId], this.devices[c].sign(data));
    }

    /**
     * Records stage `stage` for every TID, then waits until each record shows ANCHORED on its slave
     * channel: its relay has anchored it on master and confirmed it back, so nothing of the
     * preparation is still in flight when the round starts.
     */
    async prepareStage(stage, tids, timeoutMs) {
        if (tids.length === 0) {
            return;
        }
        const org = this.orgs[stage];
        this.prepared = (this.prepared || 0) + tids.length;
        const statuses = await mapLimit(tids, 16, (tid, j) => this.record(stage, tid, 1000000 + j));
        statuses.forEach(s => this.mustSucceed(s, `preparing ${org.stage} records`));
        const deadline = Date.now() + timeoutMs;
        let waiting = tids;
        while (waiting.length > 0) {
            if (Date.now() > deadline) {
                throw new Error(`${waiting.length} ${org.stage} records of the pool were not anchored within ${timeoutMs / 1000}s; are the relays running (scripts/relays.sh start)?`);
            }
            await sleep(500);
            const answers = await mapLimit(waiting, 8, tid => this.submit(org, 'user1', 'GetRecords', [tid], undefined, true));
            waiting = waiting.filter((tid, j) => {
                if (answers[j].GetStatus() !== 'success') {
                    return true;
                }
                const text = Buffer.from(answers[j].GetResult()).toString();
                return !text.includes('"status":"ANCHORED"') || text.includes('"status":"PENDING"');
            });
        }
    }

    async startLagSampling(a, totalWorkers, perWorker) {
        // how many records each channel gets in this round, over all workers
        const expected = this.orgs.map(() => 0);
        for (let w = 0; w < totalWorkers; w++) {
            for (let i = 0; i < perWorker; i++) {
                expected[i % this.orgs.length]++;
            }
        }
        this.lag = { args: a, expected, max: this.orgs.map(() => ({ blocks: 0, seconds: 0 })), samples: 0 };
        await this.scrapeAll();   // fail early if a relay has no metrics endpoint
    }

    async beginLag() {
        this.lag.before = await this.scrapeAll();
        this.lag.timer = setInterval(() => this.sampleLag().catch(() => {}), 1000);
    }

    async scrapeAll() {
        return Promise.all(this.orgs.map(o => relay.scrape(o.relayMetrics)));
    }

    async sampleLag() {
        const now = await this.scrapeAll();
        this.lag.samples++;
        now.forEach((m, c) => {
            this.lag.max[c].blocks = Math.max(this.lag.max[c].blocks, m.lagBlocks);
            this.lag.max[c].seconds = Math.max(this.lag.max[c].seconds, m.lagSeconds);
        });
        return now;
    }

    async finishLagSampling() {
        const roundEnd = Date.now();
        const limit = (this.lag.args.anchorWaitSeconds || 120) * 1000;
        let now;
        for (;;) {
            now = await this.sampleLag();
            const done = now.every((m, c) => m.latencyCount - this.lag.before[c].latencyCount >= this.lag.expected[c] && m.lagBlocks === 0);
            if (done || Date.now() - roundEnd > limit) {
                break;
            }
            await sleep(500);
        }
        clearInterval(this.lag.timer);
        const drainSeconds = (Date.now() - roundEnd) / 1000;
        const channels = this.orgs.map((o, c) => {
            const b = this.lag.before[c];
            const m = now[c];
            const count = m.latencyCount - b.latencyCount;
            return {
                channel: o.slaveChannel,
                recordsExpected: this.lag.expected[c],
                recordsAnchored: count,
                anchors: m.anchors - b.anchors,
                relayRejections: m.rejections - b.rejections,
                relayConflicts: m.conflicts - b.conflicts,
                relayRetries: m.retries - b.retries,
                meanAnchorLatencySeconds: count > 0 ? (m.latencySum - b.latencySum) / count : null,
                p50AnchorLatencySecondsAtMost: relay.quantileFromBuckets(b.buckets, m.buckets, 0.5),
                p95AnchorLatencySecondsAtMost: relay.quantileFromBuckets(b.buckets, m.buckets, 0.95),
                maxLagBlocks: this.lag.max[c].blocks,
                maxLagSeconds: this.lag.max[c].seconds,
            };
        });
        const result = { label: this.label, drained: channels.every(ch => ch.recordsAnchored >= ch.recordsExpected), drainSecondsAfterRound: drainSeconds, samples: this.lag.samples, channels };
        const dir = this.lag.args.resultsDir || '.';
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `anchor-lag-${this.label}.json`), JSON.stringify(result, null, 2) + '\n');
    }
}

module.exports.createWorkloadModule = () => new RecordWorkload();
