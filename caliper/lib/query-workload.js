'use strict';
// Base of the master-chain query workloads. Each query asks about a trace code that exists
// (drawn from the preload's TIDs) with probability existRatio, else about one that was never
// recorded. Draws are seeded per worker and round, so every run asks the same questions. Queries
// rotate over the organisations' user1 identities, so each org's peer answers its share.
// Every answer is checked against what it must say (found / not found); the tally goes to
// <resultsDir>/queries-<label>.json and `make bench-smoke` fails on any mismatch.
const fs = require('fs');
const path = require('path');
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { loadNetwork, prng } = require('./topology');

class QueryWorkload extends WorkloadModuleBase {
    /** Subclasses: the contract function and its arguments for `tid`. */
    request(tid) {
        throw new Error(`request(${tid}) not implemented`);
    }

    /** Subclasses: does `answer` (a string) say what it must about a TID that does (not) exist? */
    check(answer, exists) {
        throw new Error(`check(${answer}, ${exists}) not implemented`);
    }

    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        const a = roundArguments;
        this.args = a;
        this.net = loadNetwork(a.network);
        this.label = a.label || `round${roundIndex}`;
        this.existRatio = a.existRatio === undefined ? 0.5 : Number(a.existRatio);
        this.manifest = JSON.parse(fs.readFileSync(a.preload, 'utf8'));
        if (!this.manifest.tids || this.manifest.tids.count < 1) {
            throw new Error(`the preload manifest ${a.preload} lists no anchored trace codes; run caliper/bin/preload.sh first`);
        }
        this.random = prng(1000 * (roundIndex + 1) + workerIndex);
        this.invokers = a.invokerOrg ? this.net.orgs.filter(o => o.org === a.invokerOrg) : this.net.orgs;
        this.next = 0;
        this.tally = { label: this.label, worker: workerIndex, queries: 0, existing: 0, absent: 0, errors: 0, mismatches: 0, examples: [], stats: {} };
    }

    /** A TID of the preload: PL<pipeline>-<batch>-<entry>, every one anchored with all four stages. */
    existingTid() {
        const t = this.manifest.tids;
        const p = Math.floor(this.random() * t.pipelines);
        const b = Math.floor(this.random() * t.batches);
        const e = Math.floor(this.random() * t.entriesPerBlock);
        return `${t.prefix}${p}-${b}-${e}`;
    }

    async submitTransaction() {
        const i = this.next++;
        const exists = this.random() < this.existRatio;
        const tid = exists ? this.existingTid() : `NX-${this.workerIndex}-${i}-${Math.floor(this.random() * 1e9)}`;
        const org = this.invokers[(i + this.workerIndex) % this.invokers.length];
        const { fn, args } = this.request(tid);
        const started = Date.now();
        const status = await this.sutAdapter.sendRequests({
            contractId: this.net.masterCc, channel: this.net.masterChannel, contractFunction: fn, contractArguments: args,
            invokerIdentity: 'user1', invokerMspId: org.mspId, readOnly: true,
        });
        const t = this.tally;
        t.queries++;
        t[exists ? 'existing' : 'absent']++;
        if (status.GetStatus() !== 'success') {
            t.errors++;
            return;
        }
        this.note(exists, 'latencyMs', Date.now() - started);
        const answer = Buffer.from(status.GetResult()).toString('utf8');
        const problem = this.check(answer, exists, tid);
        if (problem) {
            t.mismatches++;
            if (t.examples.length < 5) {
                t.examples.push({ tid, exists, problem, answer: answer.slice(0, 300) });
            }
        }
    }

    /** Adds a numeric field of the answer to the per-kind statistics (existing / absent). */
    note(exists, name, value) {
        const key = `${exists ? 'existing' : 'absent'}.${name}`;
        const s = this.tally.stats[key] || (this.tally.stats[key] = { n: 0, sum: 0, max: 0 });
        s.n++;
        s.sum += value;
        s.max = Math.max(s.max, value);
    }

    async cleanupWorkloadModule() {
        const dir = this.args.resultsDir || '.';
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `queries-${this.label}-w${this.workerIndex}.json`), JSON.stringify(this.tally, null, 2) + '\n');
    }
}

/** The integer value of `"name":<int>` in a canonical JSON answer (null if absent). */
function intField(answer, name) {
    const m = answer.match(new RegExp(`"${name}":(\\d+)`));
    return m ? Number(m[1]) : null;
}

module.exports = { QueryWorkload, intField };
