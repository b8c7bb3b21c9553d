'use strict';
// caliper/lib/genealogy.js: the layered genealogy the recall benchmark preloads, its anchor plan,
// and the answers Recall must give over it.
const test = require('node:test');
const assert = require('node:assert');
const { lotTid, layeredGenealogy, anchorPlan, downstreamIndex, expectedRecall } = require('../lib/genealogy');

const STAGES = ['RAW_MATERIAL', 'LOGISTICS', 'PROCESSING', 'DISTRIBUTION'];

test('the layered genealogy: levels of lots, each made from distinct lots of the level before', () => {
    const g = layeredGenealogy({ levels: 7, lotsPerLevel: 1430, inputsPerLot: 2, seed: 1 });
    assert.strictEqual(g.levels.length, 7);
    assert.strictEqual(g.levels.flat().length, 10010);
    assert.strictEqual(new Set(g.levels.flat().map(l => l.tid)).size, 10010);
    g.levels.forEach((lots, level) => {
        lots.forEach((lot, i) => {
            assert.strictEqual(lot.tid, lotTid('GL', level, i));
            assert.strictEqual(lot.inputs.length, level === 0 ? 0 : 2);
            assert.strictEqual(new Set(lot.inputs).size, lot.inputs.length);
            assert.deepStrictEqual(lot.inputs, [...lot.inputs].sort());
            lot.inputs.forEach(x => assert.match(x, new RegExp(`^GL${level - 1}-\\d{5}$`)));
        });
    });
    assert.strictEqual(lotTid('GL', 3, 417), 'GL3-00417');
});

test('the genealogy is the same for the same seed, different for another', () => {
    const a = layeredGenealogy({ levels: 3, lotsPerLevel: 50, seed: 7 });
    assert.deepStrictEqual(layeredGenealogy({ levels: 3, lotsPerLevel: 50, seed: 7 }), a);
    assert.notDeepStrictEqual(layeredGenealogy({ levels: 3, lotsPerLevel: 50, seed: 8 }).levels, a.levels);
    assert.throws(() => layeredGenealogy({ levels: 2, lotsPerLevel: 1, inputsPerLot: 2 }), /distinct/);
    assert.throws(() => layeredGenealogy({ levels: 0 }), /levels/);
});

test('the anchor plan: every lot once, level by level, stage by level, contiguous blocks per chain', () => {
    const g = layeredGenealogy({ levels: 6, lotsPerLevel: 95, seed: 3 });
    const plan = anchorPlan(g, { entries: 10, pipelines: 3, stages: STAGES });
    assert.deepStrictEqual(plan.map(l => l.stage), [...STAGES, 'RAW_MATERIAL', 'LOGISTICS']);
    assert.deepStrictEqual(plan.flatMap(l => l.blocks.flatMap(b => b.lots.map(x => x.tid))), g.levels.flat().map(x => x.tid));
    const seen = new Map();
    for (const { level, stage, blocks } of plan) {
        assert.strictEqual(blocks.length, 10);   // 95 lots in blocks of 10
        blocks.forEach((b, j) => {
            assert.strictEqual(b.stage, stage);
            assert.strictEqual(b.pipeline, j % 3);
            assert.strictEqual(b.first, j * 10);
            assert.deepStrictEqual(b.lots, g.levels[level].slice(j * 10, j * 10 + 10));
            const key = `${b.pipeline}/${b.stage}`;
            assert.strictEqual(b.blockNumber, seen.has(key) ? seen.get(key) + 1 : 0);
            seen.set(key, b.blockNumber);
        });
    }
    // levels 0 and 4 share the raw-material chains: the second continues their numbering
    assert.strictEqual(plan[4].blocks[0].blockNumber, 4);
});

test('expected recall: breadth-first, each lot once at its shortest depth, depth and size bounds', () => {
    // A -> B, C; B -> D; C -> D, E; D -> F
    const levels = [
        [{ tid: 'A', inputs: [] }],
        [{ tid: 'B', inputs: ['A'] }, { tid: 'C', inputs: ['A'] }],
        [{ tid: 'D', inputs: ['B', 'C'] }, { tid: 'E', inputs: ['C'] }],
        [{ tid: 'F', inputs: ['D'] }],
    ];
    const down = downstreamIndex(levels);
    assert.deepStrictEqual(down.get('C'), ['D', 'E']);
    assert.deepStrictEqual(expectedRecall(down, 'A', 1), { total: 2, depthLimited: true, sizeLimited: false, perDepth: [2] });
    assert.deepStrictEqual(expectedRecall(down, 'A', 2), { total: 4, depthLimited: true, sizeLimited: false, perDepth: [2, 2] });
    assert.deepStrictEqual(expectedRecall(down, 'A', 3), { total: 5, depthLimited: false, sizeLimited: false, perDepth: [2, 2, 1] });
    assert.deepStrictEqual(expectedRecall(down, 'A', 64, 3), { total: 3, depthLimited: false, sizeLimited: true, perDepth: [2, 1] });
    assert.deepStrictEqual(expectedRecall(down, 'F', 6), { total: 0, depthLimited: false, sizeLimited: false, perDepth: [] });
});

test('a recall from a level-0 lot of the benchmark genealogy reaches one level per link', () => {
    const g = layeredGenealogy({ levels: 7, lotsPerLevel: 1430, seed: 1 });
    const down = downstreamIndex(g.levels);
    const root = g.levels[0].find(l => down.has(l.tid)).tid;
    const r = expectedRecall(down, root, 6);
    assert.ok(r.total > 0 && !r.sizeLimited && !r.depthLimited);
    assert.strictEqual(r.perDepth.reduce((a, b) => a + b, 0), r.total);
    const level = new Map(g.levels.flatMap((lots, l) => lots.map(x => [x.tid, l])));
    // in a layered genealogy a lot's depth from a level-0 lot is its level
    const walk = [root];
    for (let d = 1; d <= 6; d++) {
        walk.splice(0, walk.length, ...new Set(walk.flatMap(t => down.get(t) || [])));
        walk.forEach(t => assert.strictEqual(level.get(t), d));
        assert.strictEqual(walk.length, r.perDepth[d - 1] || 0);
    }
});
