'use strict';
// The layered lot genealogy of the recall benchmark (tools/preload-genealogy.js anchors it,
// workloads/recall-query.js checks Recall's answers against it). Pure and deterministic: the same
// settings give the same lots, links and anchor plan on every machine.
//
// Level 0 holds plain raw-material lots; every lot of level k+1 is made from `inputsPerLot`
// distinct lots of level k drawn at random (seeded), so a recall from a level-0 lot reaches about
// inputsPerLot^d lots at depth d, and nothing at a level it could not have gone into.
const { prng } = require('./topology');

/** The trace code of lot `i` of level `level`: <prefix><level>-<i, 5 digits>, e.g. GL3-00417. */
const lotTid = (prefix, level, i) => `${prefix}${level}-${String(i).padStart(5, '0')}`;

/**
 * {settings, levels: [[{tid, inputs:[...]}, ...], ...]}: `levels` levels of `lotsPerLevel` lots.
 * Inputs of a lot are distinct and listed in trace-code order.
 */
function layeredGenealogy({ levels = 7, lotsPerLevel = 1430, inputsPerLot = 2, seed = 1, prefix = 'GL' } = {}) {
    for (const [name, v, min] of [['levels', levels, 1], ['lotsPerLevel', lotsPerLevel, 1], ['inputsPerLot', inputsPerLot, 1]]) {
        if (!Number.isInteger(v) || v < min) {
            throw new Error(`${name} must be a whole number of at least ${min}, got ${v}`);
        }
    }
    if (levels > 1 && inputsPerLot > lotsPerLevel) {
        throw new Error(`a lot cannot be made from ${inputsPerLot} distinct lots of a level of ${lotsPerLevel}`);
    }
    if (!/^[A-Z][A-Z0-9]*$/.test(prefix)) {
        throw new Error(`prefix must be upper-case letters and digits, got '${prefix}'`);
    }
    const random = prng(seed);
    const out = [];
    for (let level = 0; level < levels; level++) {
        const lots = [];
        for (let i = 0; i < lotsPerLevel; i++) {
            const inputs = new Set();
            while (level > 0 && inputs.size < inputsPerLot) {
                inputs.add(lotTid(prefix, level - 1, Math.floor(random() * lotsPerLevel)));
            }
            lots.push({ tid: lotTid(prefix, level, i), inputs: [...inputs].sort() });
        }
        out.push(lots);
    }
    return { settings: { levels, lotsPerLevel, inputsPerLot, seed, prefix }, levels: out };
}

/**
 * How the lots are anchored: level by level (a lot's inputs are anchored before it), each level
 * at stage stages[level mod stages.length] (a lot made from lots that reached the stage before
 * inherits it, docs/genealogy.md), its lots cut into blocks of `entries` in order, block j of a
 * level on pipeline j mod `pipelines`. A chain is (pipeline, stage); its blocks are numbered 0, 1,
 * 2... in the order they are anchored. Returns [{level, stage, blocks: [{pipeline, stage,
 * blockNumber, first (the level index of its first lot), lots}]}].
 */
function anchorPlan(genealogy, { entries = 10, pipelines = 4, stages }) {
    if (!Array.isArray(stages) || stages.length === 0) {
        throw new Error('anchorPlan needs the process stages');
    }
    if (!Number.isInteger(entries) || entries < 1 || !Number.isInteger(pipelines) || pipelines < 1) {
        throw new Error(`entries and pipelines must be whole numbers of at least 1, got ${entries} and ${pipelines}`);
    }
    const next = new Map();   // chain "p/stage" -> its next block number
    return genealogy.levels.map((lots, level) => {
        const stage = stages[level % stages.length];
        const blocks = [];
        for (let j = 0; j * entries < lots.length; j++) {
            const pipeline = j % pipelines;
            const key = `${pipeline}/${stage}`;
            const blockNumber = next.get(key) || 0;
            next.set(key, blockNumber + 1);
            blocks.push({ pipeline, stage, blockNumber, first: j * entries, lots: lots.slice(j * entries, (j + 1) * entries) });
        }
        return { level, stage, blocks };
    });
}

/** lot -> the lots made from it, each list in trace-code order (the order master walks them in). */
function downstreamIndex(levels) {
    const down = new Map();
    for (const lots of levels) {
        for (const { tid, inputs } of lots) {
            for (const i of inputs) {
                if (!down.has(i)) {
                    down.set(i, []);
                }
                down.get(i).push(tid);
            }
        }
    }
    down.forEach(list => list.sort());
    return down;
}

/**
 * What master's Recall(tid, maxDepth, maxLots) must answer over a downstream index: the walk is
 * breadth-first from tid (excluded), each lot once, neighbours in key order (GenealogyService.walk).
 * Returns {total, depthLimited, sizeLimited, perDepth: [lots at depth 1, 2, ...]}.
 */
function expectedRecall(down, tid, maxDepth, maxLots = 1000) {
    const seen = new Set([tid]);
    const queue = [[tid, 0]];
    const perDepth = [];
    let total = 0;
    let depthLimited = false;
    for (let q = 0; q < queue.length; q++) {
        const [at, depth] = queue[q];
        const next = down.get(at) || [];
        if (depth === maxDepth) {
            depthLimited = depthLimited || next.some(n => !seen.has(n));
            continue;
        }
        for (const n of next) {
            if (seen.has(n)) {
                continue;
            }
            seen.add(n);
            if (total === maxLots) {
                return { total, depthLimited, sizeLimited: true, perDepth };
            }
            total++;
            perDepth[depth] = (perDepth[depth] || 0) + 1;
            queue.push([n, depth + 1]);
        }
    }
    return { total, depthLimited, sizeLimited: false, perDepth };
}

module.exports = { lotTid, layeredGenealogy, anchorPlan, downstreamIndex, expectedRecall };
