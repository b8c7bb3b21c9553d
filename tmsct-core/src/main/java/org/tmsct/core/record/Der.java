package org.tmsct.core.record;

import java.util.Arrays;

/**
 * Just enough DER reading to recognise key algorithms and to unwrap SEC1 EC private keys without a
 * third-party ASN.1 library. Only single-byte tags and definite lengths are supported, which is all
 * that key encodings use.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    /** One tag-length-value element; {@code start..end} is the value inside {@code buf}. */
    record Element(int tag, byte[] buf, int start, int end) {
        byte[] value() {
            return Arrays.copyOfRange(buf, start, end);
        }

        Der contents() {
            return new Der(buf, start, end);
        }
    }

    private final byte[] buf;
    private final int end;
    private int pos;

    Der(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private Der(byte[] buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    boolean hasNext() {
        return pos < end;
    }

    /** Reads the next element, which must have tag {@code expectedTag}. */
    Element next(int expectedTag) {
        Element e = next();
        if (e.tag() != expectedTag) {
            throw new IllegalArgumentException(
                    String.format("DER: expected tag 0x%02x, found 0x%02x", expectedTag, e.tag()));
        }
        return e;
    }

    Element next() {
        if (end - pos < 2) {
            throw new IllegalArgumentException("DER: truncated element");
        }
        int tag = buf[pos++] & 0xff;
        int length = buf[pos++] & 0xff;
        if (length >= 0x80) {
            int count = length & 0x7f;
            if (count == 0 || count > 3 || end - pos < count) {
                throw new IllegalArgumentException("DER: unsupported or truncated length");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (buf[pos++] & 0xff);
            }
        }
        if (length > end - pos) {
            throw new IllegalArgumentException("DER: element length exceeds its container");
        }
        Element e = new Element(tag, buf, pos, pos + length);
        pos += length;
        return e;
    }

    /** Dotted form of an OBJECT IDENTIFIER's value bytes, for error messages. */
    static String oidToString(byte[] value) {
        if (value.length == 0) {
            return "(empty OID)";
        }
        StringBuilder out = new StringBuilder();
        long arc = 0;
        boolean first = true;
        for (byte b : value) {
            arc = (arc << 7) | (b & 0x7f);
            if ((b & 0x80) == 0) {
                if (first) {
                    int top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
                    out.append(top).append('.').append(arc - 40L * top);
                    first = false;
                } else {
                    out.append('.').append(arc);
                }
                arc = 0;
            }
        }
        return out.toString();
    }
}
