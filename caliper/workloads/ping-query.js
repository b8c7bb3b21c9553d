'use strict';
// Workload "ping-query": Ping() on master, a no-op evaluate that reads no state. Each query sweep
// measures it in the same run as the real queries, so their throughput can be stated as a fraction
// of what this network and this load generator manage at all. Arguments: see lib/query-workload.js
// (the trace code is drawn and ignored, so the draws match the other kinds).
const { QueryWorkload } = require('../lib/query-workload');

class PingQuery extends QueryWorkload {
    request() {
        return { fn: 'Ping', args: [] };
    }

    check(answer) {
        return answer.startsWith('chaincode-master on ') ? null : `unexpected answer "${answer.slice(0, 80)}"`;
    }
}

module.exports.createWorkloadModule = () => new PingQuery();
