'use strict';
// caliper/lib/in-flight-rate.js: the next transaction goes out only when fewer than the worker's
// share of transactionLoad are unanswered.
const test = require('node:test');
const assert = require('node:assert');
const { createRateController } = require('../lib/in-flight-rate');

const message = (load, workers) => ({
    getRateControlSpec: () => ({ type: 'lib/in-flight-rate.js', opts: { transactionLoad: load } }),
    getRoundIndex: () => 0, getRoundLabel: () => 'r', getWorkersNumber: () => workers,
});
const counts = () => {
    const s = { submitted: 0, finished: 0 };
    s.getTotalSubmittedTx = () => s.submitted;
    s.getTotalFinishedTx = () => s.finished;
    return s;
};

test('a worker keeps at most its share of the load in flight, at least one', async () => {
    assert.strictEqual(createRateController(message(2, 2), counts(), 0).limit, 1);
    assert.strictEqual(createRateController(message(8, 2), counts(), 0).limit, 4);
    assert.strictEqual(createRateController(message(1, 4), counts(), 0).limit, 1);
    assert.strictEqual(createRateController(message(undefined, 1), counts(), 0).limit, 1);
});

test('the next transaction waits until one in flight is answered', async () => {
    const stats = counts();
    const rate = createRateController(message(4, 2), stats, 0);
    await rate.applyRateControl();   // nothing in flight: at once
    stats.submitted = 2;
    let released = false;
    const waiting = rate.applyRateControl().then(() => { released = true; });
    await new Promise(r => setTimeout(r, 30));
    assert.strictEqual(released, false, 'two in flight, limit two: must wait');
    stats.finished = 1;
    await waiting;
    assert.strictEqual(released, true);
});
