'use strict';
// Workload "exists-query": Exists(tid) on master, the consumer's "is this code genuine?" check.
// It reads the TID's summary (one state read); no Bloom filter is involved, so it is the floor
// against which the block searches of trace-query compare. Arguments: see lib/query-workload.js.
const { QueryWorkload } = require('../lib/query-workload');

class ExistsQuery extends QueryWorkload {
    request(tid) {
        return { fn: 'Exists', args: [tid] };
    }

    check(answer, exists) {
        const says = answer.includes('"exists":true');
        if (!says && !answer.includes('"exists":false')) {
            return 'no "exists" member';
        }
        this.note(exists, 'answerBytes', answer.length);
        return says === exists ? null : `exists=${says}, expected ${exists}`;
    }
}

module.exports.createWorkloadModule = () => new ExistsQuery();
