'use strict';
// Workload "recall-query": master's Recall(tid, maxDepth, maxLots, pageSize, "", bloom) on a
// level-0 lot of the preloaded genealogy (tools/preload-genealogy.js) that went into at least one
// other lot: everything made from it, down to maxDepth links. The round's `preload` argument is
// the genealogy manifest. Arguments: see lib/query-workload.js, plus maxDepth (1), maxLots (1000),
// pageSize (1000: one page holds the whole answer) and bloom ("every": every listed lot is first
// looked up in the chains' bit-sliced Bloom index, and existenceCheck reports the blocks it let
// the search skip; "true": the start lot only; "false": no index read).
//
// Every answer is checked against the genealogy in the manifest (lib/genealogy.js expectedRecall,
// the contract's walk): the total and depthLimited, one page holding every lot, each lot's depth
// within 1..maxDepth, the number of lots per depth, existenceCheck present exactly with bloom.
// Noted per query: lots, max depth reached, answer bytes, and with bloom blocksWithEntries,
// skippedByFilter, the skipped share, falsePositives and indexReads (queries-<label>-w<n>.json).
const { QueryWorkload } = require('../lib/query-workload');
const { downstreamIndex, expectedRecall } = require('../lib/genealogy');

class RecallQuery extends QueryWorkload {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        const m = this.manifest;
        if (m.kind !== 'tmsct-genealogy-preload') {
            throw new Error(`${roundArguments.preload} is not a genealogy manifest; run caliper/bin/bench-recall.sh (tools/preload-genealogy.js) first`);
        }
        this.existRatio = 1;   // Recall of an unknown lot is an error answer (UNKNOWN_TID), not a measurement
        this.maxDepth = Number(this.args.maxDepth || 1);
        this.maxLots = Number(this.args.maxLots || 1000);
        this.pageSize = Number(this.args.pageSize || 1000);
        this.bloom = String(this.args.bloom === undefined ? 'every' : this.args.bloom);
        this.down = downstreamIndex(m.levels.map(l => l.lots));
        this.roots = m.levels[0].lots.map(l => l.tid).filter(tid => this.down.has(tid));
        if (this.roots.length === 0) {
            throw new Error('no level-0 lot of the genealogy went into another lot');
        }
        this.expected = new Map();
    }

    /** A level-0 lot that went into at least one other lot. */
    existingTid() {
        return this.roots[Math.floor(this.random() * this.roots.length)];
    }

    request(tid) {
        return { fn: 'Recall', args: [tid, String(this.maxDepth), String(this.maxLots), String(this.pageSize), '', this.bloom] };
    }

    check(text, exists, tid) {
        let a;
        try {
            a = JSON.parse(text);
        } catch (e) {
            return `the answer is not JSON: ${e.message}`;
        }
        if (!this.expected.has(tid)) {
            this.expected.set(tid, expectedRecall(this.down, tid, this.maxDepth, this.maxLots));
        }
        const want = this.expected.get(tid);
        const lots = Array.isArray(a.lots) ? a.lots : [];
        const perDepth = [];
        let deepest = 0;
        for (const l of lots) {
            if (!(l.depth >= 1 && l.depth <= this.maxDepth)) {
                return `lot ${l.tid} at depth ${l.depth}, outside 1..${this.maxDepth}`;
            }
            perDepth[l.depth - 1] = (perDepth[l.depth - 1] || 0) + 1;
            deepest = Math.max(deepest, l.depth);
        }
        this.note(true, 'lots', a.total);
        this.note(true, 'deepest', deepest);
        this.note(true, 'answerBytes', text.length);
        const ex = a.existenceCheck;
        if (ex) {
            this.note(true, 'blocksWithEntries', ex.blocksWithEntries);
            this.note(true, 'skippedByFilter', ex.skippedByFilter);
            this.note(true, 'skippedShare', ex.blocksWithEntries ? ex.skippedByFilter / ex.blocksWithEntries : 0);
            this.note(true, 'falsePositives', ex.falsePositives);
            this.note(true, 'indexReads', ex.indexReads);
        }
        if (a.tid !== tid || a.direction !== 'downstream') {
            return `answer about ${a.tid} (${a.direction}), not the recall of ${tid}`;
        }
        if (lots.length === 0) {
            return 'a lot that went into others recalls nothing';
        }
        if (a.total !== want.total || a.depthLimited !== want.depthLimited || a.sizeLimited !== want.sizeLimited) {
            return `total ${a.total}, depthLimited ${a.depthLimited}, sizeLimited ${a.sizeLimited}; the genealogy gives `
                + `${want.total}, ${want.depthLimited}, ${want.sizeLimited}`;
        }
        if (lots.length !== Math.min(want.total, this.pageSize) || (want.total <= this.pageSize && a.bookmark !== '')) {
            return `${lots.length} lots on the page (bookmark "${a.bookmark}") of a walk of ${want.total}, page size ${this.pageSize}`;
        }
        if (want.total <= this.pageSize && perDepth.join(',') !== want.perDepth.join(',')) {
            return `lots per depth ${perDepth.join(',')}; the genealogy gives ${want.perDepth.join(',')}`;
        }
        if (Boolean(ex) !== (this.bloom !== 'false')) {
            return `existenceCheck ${ex ? 'present' : 'missing'} with bloom "${this.bloom}"`;
        }
        if (ex && !(ex.blocksWithEntries > 0 && ex.skippedByFilter >= 0 && ex.skippedByFilter <= ex.blocksWithEntries)) {
            return `existenceCheck ${JSON.stringify(ex)} does not add up`;
        }
        return null;
    }
}

module.exports.createWorkloadModule = () => new RecallQuery();
