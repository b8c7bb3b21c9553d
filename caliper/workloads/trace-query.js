'use strict';
// Workload "trace-query": the article's trace query on master, i.e. which anchored slave blocks
// hold a trace code: FindBlocks(tid, chain, -1, -1, useBloom) over every slave chain. useBloom
// "true" asks each chain's bit-sliced Bloom index first and opens only candidate blocks; "false"
// opens every anchored block (the article's "without the filter"); "per-block" tests each
// block's own filter. Arguments: see lib/query-workload.js, plus useBloom ("true") and chain ("").
// With function "Trace" it reads the whole trace instead (existing TIDs only: an unknown TID is an
// error answer there).
const { QueryWorkload, intField } = require('../lib/query-workload');

class TraceQuery extends QueryWorkload {
    request(tid) {
        if (this.args.function === 'Trace') {
            return { fn: 'Trace', args: [tid] };
        }
        return { fn: 'FindBlocks', args: [tid, this.args.chain || '', '-1', '-1', String(this.args.useBloom === undefined ? 'true' : this.args.useBloom)] };
    }

    check(answer, exists) {
        if (this.args.function === 'Trace') {
            return exists && answer.includes('"entries":[{') ? null : 'trace has no entries';
        }
        // canonical JSON: {"blocksScanned":n,"candidates":[...],"confirmed":[...],"falsePositives":n,...}
        const at = answer.indexOf('"confirmed":[');
        if (at < 0) {
            return 'no "confirmed" member';
        }
        const found = answer[at + 13] !== ']';
        this.note(exists, 'blocksScanned', intField(answer, 'blocksScanned'));
        this.note(exists, 'stateReads', intField(answer, 'stateReads'));
        this.note(exists, 'falsePositives', intField(answer, 'falsePositives'));
        this.note(exists, 'answerBytes', answer.length);
        if (found !== exists) {
            return exists ? 'an anchored TID was not found' : 'a TID that was never recorded was found';
        }
        return null;
    }
}

module.exports.createWorkloadModule = () => new TraceQuery();
