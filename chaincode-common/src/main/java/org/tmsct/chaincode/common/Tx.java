package org.tmsct.chaincode.common;

/**
 * The transaction being executed: its id, its proposal timestamp (the only clock an endorser may
 * use), the channel, and the submitter.
 */
public record Tx(String txId, long timestampMillis, String channelId, Caller caller) {}
