/**
 * A deterministic, serializable Bloom filter over trace codes ({@link
 * org.tmsct.core.bloom.BloomFilter}).
 */
package org.tmsct.core.bloom;
