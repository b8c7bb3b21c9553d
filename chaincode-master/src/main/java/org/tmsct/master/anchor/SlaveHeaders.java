package org.tmsct.master.anchor;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.core.block.BlockHeaderBytes;
import org.tmsct.core.hash.Hex;
import org.tmsct.master.common.ErrorCodes;

/**
 * What master checks of the slave blocks an anchor covers, without a ledger: the headers of blocks
 * {@code firstBlock..blockNumber} (serialized {@code common.BlockHeader}), hash-linked to each
 * other and to the previous anchor's last header, the last one's hash equal to the anchored block
 * hash, and at least one signature on the last header by an orderer whose certificate a registered
 * orderer CA issued.
 *
 * <p>The signed bytes are Fabric's (protoutil.BlockSignatureVerifier): the SIGNATURES metadata
 * value, then the signature's SignatureHeader (whose creator is the orderer's SerializedIdentity)
 * or, for BFT orderers that sign with an IdentifierHeader, that header (the identity then comes
 * from the channel's consenter set, which the relay supplies and master checks against the CA like
 * any other), then the DER header bytes. One valid signature suffices; a BFT network's stricter
 * rule (f+1 distinct consenters) would count distinct valid signers instead.
 */
public final class SlaveHeaders {

    /** A header's protobuf: number, previous_hash and data_hash (SHA-256 each) fit in 100 bytes. */
    public static final int MAX_HEADER_BYTES = 256;

    /** The SIGNATURES metadata of one block: BFT blocks carry a few signatures. */
    public static final int MAX_SIGNATURE_BYTES = 64 * 1024;

    private SlaveHeaders() {}

    /** A parsed header with its hash. */
    public record Header(long number, byte[] previousHash, byte[] dataHash, String hashHex) {
        byte[] der() {
            return BlockHeaderBytes.der(number, previousHash, dataHash);
        }
    }

    /**
     * Checks the header chain of an anchor of blocks {@code first..last}. {@code previousHash} is
     * the hex hash the first header must name as its predecessor: the previous anchor's last block
     * hash, "" for a first anchor at block 0 (the genesis block names none), or null when nothing
     * is known (a first anchor that starts later). Returns the parsed headers.
     */
    public static List<Header> checkChain(
            String chainId,
            long first,
            long last,
            List<byte[]> headers,
            String previousHash,
            String blockHash) {
        long expected = last - first + 1;
        if (headers.size() != expected) {
            throw broken(
                    chainId,
                    "the anchor of blocks "
                            + first
                            + ".."
                            + last
                            + " must carry "
                            + expected
                            + " slave block header(s), one per block, but carries "
                            + headers.size());
        }
        List<Header> out = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            BlockHeader h;
            try {
                h = BlockHeader.parseFrom(headers.get(i));
            } catch (InvalidProtocolBufferException e) {
                throw broken(chainId, "header " + i + " is not a block header: " + e.getMessage());
            }
            long number = first + i;
            if (h.getNumber() != number) {
                throw broken(
                        chainId,
                        "header "
                                + i
                                + " is of block "
                                + h.getNumber()
                                + ", not of block "
                                + number);
            }
            Header header =
                    new Header(
                            number,
                            h.getPreviousHash().toByteArray(),
                            h.getDataHash().toByteArray(),
                            BlockHeaderBytes.hashHex(
                                    number,
                                    h.getPreviousHash().toByteArray(),
                                    h.getDataHash().toByteArray()));
            String previous = Hex.encode(header.previousHash());
            if (i > 0 && !previous.equals(out.get(i - 1).hashHex())) {
                throw broken(
                        chainId,
                        "block "
                                + number
                                + " names "
                                + shortHex(previous)
                                + " as its predecessor, but block "
                                + (number - 1)
                                + " hashes to "
                                + shortHex(out.get(i - 1).hashHex()));
            }
            if (i == 0 && previousHash != null && !previous.equals(previousHash)) {
                throw broken(
                        chainId,
                        "block "
                                + number
                                + " names "
                                + (previous.isEmpty() ? "no block" : shortHex(previous))
                                + " as its predecessor, but "
                                + (previousHash.isEmpty()
                                        ? "block 0 of a chain has none"
                                        : "the previous anchor ended with block hash "
                                                + shortHex(previousHash)));
            }
            out.add(header);
        }
        String lastHash = out.get(out.size() - 1).hashHex();
        if (!lastHash.equals(blockHash)) {
            throw broken(
                    chainId,
                    "block "
                            + last
                            + "'s header hashes to "
                            + shortHex(lastHash)
                            + ", not to the anchored blockHash "
                            + shortHex(blockHash));
        }
        return out;
    }

    /**
     * Checks that at least one signature in {@code signaturesMetadata} (the SIGNATURES metadata of
     * block {@code header}) is a valid signature over that header by an orderer whose certificate,
     * valid at {@code atMillis}, one of {@code ordererCas} (CA certificates by orderer MSP id)
     * issued. {@code identities} holds the serialized identities for IdentifierHeader signatures,
     * by consenter id.
     */
    public static void checkSignature(
            String chainId,
            Header header,
            byte[] signaturesMetadata,
            Map<Long, byte[]> identities,
            Map<String, List<X509Certificate>> ordererCas,
            long atMillis) {
        String block = "block " + header.number() + " of " + chainId;
        if (signaturesMetadata == null || signaturesMetadata.length == 0) {
            throw new ContractError(
                    ErrorCodes.ORDERER_SIGNATURE_MISSING,
                    "the anchor carries no orderer signatures of "
                            + block
                            + " (ordererSignatures: the block's SIGNATURES metadata)");
        }
        Metadata metadata;
        try {
            metadata = Metadata.parseFrom(signaturesMetadata);
        } catch (InvalidProtocolBufferException e) {
            throw new ContractError(
                    ErrorCodes.ORDERER_SIGNATURE_MISSING,
                    "the orderer signatures of " + block + " cannot be read: " + e.getMessage());
        }
        if (metadata.getSignaturesCount() == 0) {
            throw new ContractError(
                    ErrorCodes.ORDERER_SIGNATURE_MISSING,
                    "the SIGNATURES metadata of " + block + " holds no signature");
        }
        if (ordererCas.isEmpty()) {
            throw new ContractError(
                    ErrorCodes.ORDERER_NOT_REGISTERED,
                    "no orderer CA is registered on master, so no signature on "
                            + block
                            + " can be checked; the members register one with an"
                            + " ORDERER_CA_ROOTS proposal");
        }
        byte[] der = header.der();
        List<String> identityProblems = new ArrayList<>();
        List<String> signatureProblems = new ArrayList<>();
        for (int i = 0; i < metadata.getSignaturesCount(); i++) {
            MetadataSignature s = metadata.getSignatures(i);
            String which = "signature " + i;
            byte[] identityBytes;
            ByteString signedHeader;
            try {
                if (s.getSignatureHeader().isEmpty() && !s.getIdentifierHeader().isEmpty()) {
                    long id =
                            Integer.toUnsignedLong(
                                    IdentifierHeader.parseFrom(s.getIdentifierHeader())
                                            .getIdentifier());
                    which += " (consenter " + id + ")";
                    identityBytes = identities.get(id);
                    if (identityBytes == null) {
                        identityProblems.add(which + ": no identity was sent for this consenter");
                        continue;
                    }
                    signedHeader = s.getIdentifierHeader();
                } else {
                    identityBytes =
                            SignatureHeader.parseFrom(s.getSignatureHeader())
                                    .getCreator()
                                    .toByteArray();
                    signedHeader = s.getSignatureHeader();
                }
            } catch (InvalidProtocolBufferException e) {
                identityProblems.add(which + ": unreadable header: " + e.getMessage());
                continue;
            }
            X509Certificate cert;
            try {
                cert = registeredSigner(identityBytes, ordererCas, atMillis);
            } catch (IllegalArgumentException e) {
                identityProblems.add(which + ": " + e.getMessage());
                continue;
            }
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            signed.writeBytes(metadata.getValue().toByteArray());
            signed.writeBytes(signedHeader.toByteArray());
            signed.writeBytes(der);
            if (verifies(
                    cert.getPublicKey(), signed.toByteArray(), s.getSignature().toByteArray())) {
                return;
            }
            signatureProblems.add(
                    which
                            + " by "
                            + cert.getSubjectX500Principal().getName()
                            + ": does not verify over the header");
        }
        if (!signatureProblems.isEmpty()) {
            throw new ContractError(
                    ErrorCodes.ORDERER_SIGNATURE_INVALID,
                    "no valid orderer signature on "
                            + block
                            + ": "
                            + String.join("; ", signatureProblems)
                            + (identityProblems.isEmpty()
                                    ? ""
                                    : "; " + String.join("; ", identityProblems)));
        }
        throw new ContractError(
                ErrorCodes.ORDERER_NOT_REGISTERED,
                "no signature on "
                        + block
                        + " is by an orderer of a registered orderer CA "
                        + ordererCas.keySet()
                        + ": "
                        + String.join("; ", identityProblems));
    }

    /** The signer's certificate, if its MSP is registered and one of that MSP's CAs issued it. */
    static X509Certificate registeredSigner(
            byte[] serializedIdentity, Map<String, List<X509Certificate>> ordererCas, long at) {
        SerializedIdentity identity;
        X509Certificate cert;
        try {
            identity = SerializedIdentity.parseFrom(serializedIdentity);
            cert =
                    (X509Certificate)
                            CertificateFactory.getInstance("X.509")
                                    .generateCertificate(
                                            new ByteArrayInputStream(
                                                    identity.getIdBytes().toByteArray()));
        } catch (InvalidProtocolBufferException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("the signer's identity cannot be read");
        }
        String subject = cert.getSubjectX500Principal().getName();
        List<X509Certificate> cas = ordererCas.get(identity.getMspid());
        if (cas == null) {
            throw new IllegalArgumentException(
                    subject
                            + " of "
                            + identity.getMspid()
                            + ", which is not a registered orderer organisation");
        }
        for (X509Certificate ca : cas) {
            if (!ca.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                continue;
            }
            try {
                cert.verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                continue;
            }
            try {
                cert.checkValidity(new Date(at));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(
                        subject + " was not valid at the transaction time: " + e.getMessage());
            }
            return cert;
        }
        throw new IllegalArgumentException(
                subject
                        + " (issuer "
                        + cert.getIssuerX500Principal().getName()
                        + ") was not issued by a registered CA of "
                        + identity.getMspid());
    }

    private static boolean verifies(PublicKey key, byte[] data, byte[] signature) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "EC" -> "SHA256withECDSA";
                    case "Ed25519", "EdDSA" -> "Ed25519";
                    case "RSA" -> "SHA256withRSA";
                    default -> null;
                };
        if (algorithm == null) {
            return false;
        }
        try {
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(key);
            v.update(data);
            return v.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static ContractError broken(String chainId, String why) {
        return new ContractError(ErrorCodes.HEADER_CHAIN_BROKEN, chainId + ": " + why);
    }

    private static String shortHex(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) + "…" : hex;
    }
}
