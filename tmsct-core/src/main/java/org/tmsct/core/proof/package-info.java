/**
 * Self-contained, offline-checkable proofs of a product's trace ({@link
 * org.tmsct.core.proof.ProofBundle}): master's trace entries with their anchored Merkle leaves,
 * inclusion proofs and block roots.
 */
package org.tmsct.core.proof;
