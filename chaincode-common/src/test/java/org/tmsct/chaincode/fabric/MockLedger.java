package org.tmsct.chaincode.fabric;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.security.auth.x500.X500Principal;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.tmsct.chaincode.state.MemoryStore;
import org.tmsct.chaincode.state.Revision;

/**
 * Mockito mocks of Context, ChaincodeStub and ClientIdentity over a {@link MemoryStore}: each
 * {@link #as} call is one transaction, committed by {@link #commit} (or dropped by a refusal).
 */
public final class MockLedger {

    public final MemoryStore store = new MemoryStore();
    public final Map<String, byte[]> events = new TreeMap<>();

    /** Private data, one store per collection, committed and dropped with the public state. */
    public final Map<String, MemoryStore> collections = new TreeMap<>();

    private final String channel;
    private int tx;
    private String txId;
    private Instant timestamp;

    public MockLedger(String channel) {
        this.channel = channel;
    }

    /**
     * A context for a new transaction by an identity of {@code mspId} with subject OU {@code ou}
     * and optional role.
     */
    public Context as(String mspId, String ou, String role, Map<String, byte[]> transientData) {
        tx++;
        txId = String.format("tx%04d", tx);
        timestamp = Instant.ofEpochMilli(1_700_000_000_000L + tx * 1000L);
        ChaincodeStub stub = mock(ChaincodeStub.class);
        when(stub.getChannelId()).thenReturn(channel);
        when(stub.getTxId()).thenReturn(txId);
        when(stub.getTxTimestamp()).thenReturn(timestamp);
        when(stub.getTransient()).thenReturn(transientData == null ? Map.of() : transientData);
        when(stub.getState(anyString())).thenAnswer(a -> store.get(a.getArgument(0)));
        doAnswer(
                        a -> {
                            store.put(a.getArgument(0), a.getArgument(1));
                            return null;
                        })
                .when(stub)
                .putState(anyString(), any(byte[].class));
        when(stub.getPrivateData(anyString(), anyString()))
                .thenAnswer(a -> collection(a.getArgument(0)).get(a.getArgument(1)));
        doAnswer(
                        a -> {
                            collection(a.getArgument(0)).put(a.getArgument(1), a.getArgument(2));
                            return null;
                        })
                .when(stub)
                .putPrivateData(anyString(), anyString(), any(byte[].class));
        doAnswer(
                        a -> {
                            events.put(a.getArgument(0), a.getArgument(1));
                            return null;
                        })
                .when(stub)
                .setEvent(anyString(), any(byte[].class));
        when(stub.getStateByPartialCompositeKey(anyString()))
                .thenAnswer(a -> iterator(kvs(store.byPrefix(a.getArgument(0)))));
        when(stub.getStateByRange(anyString(), anyString()))
                .thenAnswer(a -> iterator(kvs(store.byRange(a.getArgument(0), a.getArgument(1)))));
        when(stub.getHistoryForKey(anyString()))
                .thenAnswer(
                        a -> {
                            List<KeyModification> mods = new ArrayList<>();
                            for (Revision r : store.history(a.getArgument(0))) {
                                mods.add(0, modification(r)); // the peer lists newest first
                            }
                            return iterator(mods);
                        });

        X509Certificate cert = mock(X509Certificate.class);
        when(cert.getSubjectX500Principal())
                .thenReturn(new X500Principal("CN=someone, OU=" + ou + ", O=org, C=US"));
        ClientIdentity identity = mock(ClientIdentity.class);
        when(identity.getMSPID()).thenReturn(mspId);
        when(identity.getX509Certificate()).thenReturn(cert);
        when(identity.getAttributeValue("tmsct.role")).thenReturn(role);

        Context ctx = mock(Context.class);
        when(ctx.getStub()).thenReturn(stub);
        when(ctx.getClientIdentity()).thenReturn(identity);
        return ctx;
    }

    public void commit() {
        store.commit(txId, timestamp.toEpochMilli());
        collections.values().forEach(c -> c.commit(txId, timestamp.toEpochMilli()));
    }

    public void rollback() {
        store.rollback();
        collections.values().forEach(MemoryStore::rollback);
    }

    /** The store of one private data collection. */
    public MemoryStore collection(String name) {
        return collections.computeIfAbsent(name, n -> new MemoryStore());
    }

    public String lastTxId() {
        return txId;
    }

    private static List<KeyValue> kvs(List<org.tmsct.chaincode.state.KeyValue> in) {
        List<KeyValue> out = new ArrayList<>();
        for (org.tmsct.chaincode.state.KeyValue kv : in) {
            out.add(
                    new KeyValue() {
                        @Override
                        public String getKey() {
                            return kv.key();
                        }

                        @Override
                        public byte[] getValue() {
                            return kv.value();
                        }

                        @Override
                        public String getStringValue() {
                            return new String(kv.value(), java.nio.charset.StandardCharsets.UTF_8);
                        }
                    });
        }
        return out;
    }

    private static KeyModification modification(Revision r) {
        return new KeyModification() {
            @Override
            public String getTxId() {
                return r.txId();
            }

            @Override
            public byte[] getValue() {
                return r.value();
            }

            @Override
            public String getStringValue() {
                return new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
            }

            @Override
            public Instant getTimestamp() {
                return Instant.ofEpochMilli(r.timestampMillis());
            }

            @Override
            public boolean isDeleted() {
                return r.deleted();
            }
        };
    }

    private static <T> QueryResultsIterator<T> iterator(List<T> items) {
        return new QueryResultsIterator<>() {
            @Override
            public Iterator<T> iterator() {
                return items.iterator();
            }

            @Override
            public void close() {}
        };
    }
}
