package org.tmsct.chaincode.state;

/** One state entry returned by a range read. */
public record KeyValue(String key, byte[] value) {}
