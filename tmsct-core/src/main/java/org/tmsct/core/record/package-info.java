/**
 * Records and their encodings: the raw record D ({@link org.tmsct.core.record.RawRecord}), the
 * device-signed slave transaction ({@link org.tmsct.core.record.SignedRecord}, {@link
 * org.tmsct.core.record.DeviceSignature}), the entry anchored on the master chain ({@link
 * org.tmsct.core.record.AnchorEntry}), and the strict parser and RFC 8785 canonical form they are
 * all hashed through ({@link org.tmsct.core.record.CanonicalJson}).
 */
package org.tmsct.core.record;
