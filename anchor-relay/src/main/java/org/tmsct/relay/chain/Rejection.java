package org.tmsct.relay.chain;

/**
 * One record that master refused on its own while anchoring the rest of its block: the slave
 * transaction, master's refusal code, and its reason. ConfirmAnchor marks it REJECTED.
 */
public record Rejection(String txId, String code, String reason) {}
