/**
 * RFC 6962-style Merkle trees and inclusion proofs ({@link org.tmsct.core.merkle.MerkleTree},
 * {@link org.tmsct.core.merkle.MerkleProof}).
 */
package org.tmsct.core.merkle;
