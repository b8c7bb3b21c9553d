/**
 * The salted field commitment of a raw record: one salted leaf per member of the record, a Merkle
 * root over them that the device signs, and disclosures that prove single members against that root
 * without revealing the others ({@link org.tmsct.core.commitment.FieldCommitment}, {@link
 * org.tmsct.core.commitment.FieldDisclosure}, {@link org.tmsct.core.commitment.SignedCommitment}).
 * The byte formats are in docs/design.md, "Record commitment (salted fields)".
 */
package org.tmsct.core.commitment;
