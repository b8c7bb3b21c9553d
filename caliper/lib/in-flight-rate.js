'use strict';
// A Caliper rate controller that keeps at most `transactionLoad` transactions in flight over all
// workers (transactionLoad / workers per worker, at least one): the next is sent as soon as one is
// answered, never before. Caliper's own fixed-load controller only estimates the pause from the
// mean latency so far, so with slow answers of uneven length (a deep recall takes 0.1 to 20 s) it
// sends far ahead and queues queries on the peers, where those past the 30 s chaincode timeout
// fail, and a Fabric 3.1.1 peer can crash (hyperledger/fabric#5048). The latency Caliper reports
// is then the answer time with that many queries in flight, and the throughput what the network
// sustains at that concurrency. Use: rateControl {type: 'lib/in-flight-rate.js', opts: {transactionLoad}}.
const RateInterface = require('@hyperledger/caliper-core/lib/worker/rate-control/rateInterface');

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

class InFlightRate extends RateInterface {
    constructor(testMessage, stats, workerIndex) {
        super(testMessage, stats, workerIndex);
        const load = Number(this.options && this.options.transactionLoad) || 1;
        this.limit = Math.max(1, Math.floor(load / this.numberOfWorkers));
    }

    /** Waits until fewer than the limit of this worker's transactions are unanswered. */
    async applyRateControl() {
        while (this.stats.getTotalSubmittedTx() - this.stats.getTotalFinishedTx() >= this.limit) {
            await sleep(5);
        }
    }

    async end() {}
}

module.exports.createRateController = (testMessage, stats, workerIndex) => new InFlightRate(testMessage, stats, workerIndex);
