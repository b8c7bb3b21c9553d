/**
 * The names the contracts, the relay and the client agree on, defined once: refusal codes ({@link
 * org.tmsct.core.protocol.ErrorCode}) and the one-line form a refusal travels in ({@link
 * org.tmsct.core.protocol.Refusal}), chaincode event names ({@link
 * org.tmsct.core.protocol.EventNames}), and the transient-map keys of a Record call ({@link
 * org.tmsct.core.protocol.TransientKeys}).
 */
package org.tmsct.core.protocol;
