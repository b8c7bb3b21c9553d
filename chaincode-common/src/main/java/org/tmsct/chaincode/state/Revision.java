package org.tmsct.chaincode.state;

/**
 * One committed write of a key: the transaction, its timestamp, and the value (null if deleted).
 */
public record Revision(String txId, long timestampMillis, boolean deleted, byte[] value) {}
