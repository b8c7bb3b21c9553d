/**
 * The B-Merkle design: per anchored slave block a Merkle root plus a Bloom filter ({@link
 * org.tmsct.core.bmerkle.BlockSummary}), their shared shape ({@link
 * org.tmsct.core.bmerkle.BloomParams}), and a bit-sliced index over many blocks' filters ({@link
 * org.tmsct.core.bmerkle.BitSlicedIndex}).
 */
package org.tmsct.core.bmerkle;
