'use strict';
// The raw records the load tests submit: the five key fields every stage shares with the master
// chain (scripts/bootstrap.sh) plus fields that stay on the slave chain, padded to a target size.
const PRODUCTS = ['steel coil', 'copper wire', 'aluminium sheet', 'gear housing'];
const PLACES = ['Hamburg', 'Rotterdam', 'Antwerp', 'Gdansk', 'Genoa'];

function makeRecord(tid, stage, seq, payloadBytes = 0) {
    const fields = {
        batch: `B-${seq % 997}`,
        product: PRODUCTS[seq % PRODUCTS.length],
        quantity: 1 + (seq % 500),
        location: PLACES[seq % PLACES.length],
        temperature: (seq % 400) / 10 - 10,      // one decimal, -10.0 .. 29.9
        operator: `op-${seq % 31}`,
        unitPriceCents: 1000 + (seq % 9000),
        certified: seq % 2 === 0,
        seq,
    };
    const record = { tid, stage, fields };
    const size = Buffer.byteLength(JSON.stringify(record));
    if (payloadBytes > size + 12) {
        fields.notes = 'x'.repeat(payloadBytes - size - 12);
    }
    return record;
}

module.exports = { makeRecord };
