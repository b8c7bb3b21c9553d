'use strict';
// RFC 8785 (JCS) canonical JSON, the form TMSCT signs and hashes (see tmsct-core CanonicalJson).
// JavaScript already writes numbers and strings the way JCS wants (JCS is defined on ECMAScript's
// Number.prototype.toString and JSON.stringify's string escapes); what is left is sorting object
// members by UTF-16 code units (Array.prototype.sort's default order) and refusing what JSON
// cannot express.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function canonicalize(value) {
    if (value === null) {
        return 'null';
    }
    switch (typeof value) {
    case 'boolean':
        return value ? 'true' : 'false';
    case 'number':
        if (!Number.isFinite(value)) {
            throw new Error(`JSON cannot represent the number ${value}`);
        }
        return JSON.stringify(value); // -0 becomes "0", as JCS requires
    case 'string':
        if (LONE_SURROGATE.test(value)) {
            throw new Error('string contains an unpaired UTF-16 surrogate');
        }
        return JSON.stringify(value);
    case 'object': {
        if (Array.isArray(value)) {
            return `[${value.map(canonicalize).join(',')}]`;
        }
        const names = Object.keys(value).sort();
        return `{${names.map(n => `${canonicalize(n)}:${canonicalize(value[n])}`).join(',')}}`;
    }
    default:
        throw new Error(`JSON cannot represent a value of type ${typeof value}`);
    }
}

/** Canonical UTF-8 bytes of a JSON value. */
function canonicalBytes(value) {
    return Buffer.from(canonicalize(value), 'utf8');
}

module.exports = { canonicalize, canonicalBytes };
