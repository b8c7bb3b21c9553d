package org.tmsct.core.commitment;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tmsct.core.record.CanonicalJson;
import org.tmsct.core.record.JsonFields;
import org.tmsct.core.record.RecordFormatException;

/**
 * What master needs to check one anchor entry without the raw record: the device's {@link
 * SignedCommitment} (whose root is the entry's Hash(D)), the {@link FieldDisclosure}s of the
 * entry's shared members ({@code /tid}, {@code /stage} and each key field), and the device's X.509
 * certificate in PEM, issued by its organisation's device CA.
 *
 * <p>JSON form: {@code {"certificate":"<PEM>","disclosures":[...],"signed":{SignedCommitment}}}.
 * The slave contract writes it with each record, the relay copies it into the AnchorBlock document
 * next to the entry, and master checks it (see docs/design.md, "Device-verified anchors").
 */
public record EntryAttestation(
        SignedCommitment signed, List<FieldDisclosure> disclosures, String certificatePem) {

    /** How long before the master transaction a device may have signed an entry it anchors. */
    public static final Duration MAX_AGE = Duration.ofHours(72);

    /** How far after the master transaction a device's clock may put its signing time. */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    /** At most /tid, /stage and the key fields of a stage; far above any real process. */
    public static final int MAX_DISCLOSURES = 258;

    public static final int MAX_CERTIFICATE_CHARS = 8192;

    private static final String DOCUMENT = "entry attestation";

    public EntryAttestation {
        Objects.requireNonNull(signed, "signed");
        disclosures = List.copyOf(disclosures);
        Objects.requireNonNull(certificatePem, "certificatePem");
    }

    /** The JSON form as a fresh gson object. */
    public JsonObject toJsonObject() {
        JsonArray array = new JsonArray();
        disclosures.forEach(d -> array.add(d.toJsonObject()));
        JsonObject o = new JsonObject();
        o.addProperty("certificate", certificatePem);
        o.add("disclosures", array);
        o.add("signed", JsonParser.parseString(signed.toJson()));
        return o;
    }

    /** The JSON form, canonically encoded. */
    public String toJson() {
        return CanonicalJson.canonicalString(toJsonObject());
    }

    /** Parses the JSON form strictly; unknown members are rejected. */
    public static EntryAttestation fromJson(JsonObject o) {
        JsonFields.rejectUnknown(o, DOCUMENT, "certificate", "disclosures", "signed");
        String certificate = JsonFields.requireString(o, "certificate", DOCUMENT);
        if (certificate.length() > MAX_CERTIFICATE_CHARS) {
            throw new RecordFormatException(
                    DOCUMENT
                            + ": the certificate is longer than "
                            + MAX_CERTIFICATE_CHARS
                            + " characters");
        }
        JsonElement list = JsonFields.require(o, "disclosures", DOCUMENT);
        if (!list.isJsonArray() || list.getAsJsonArray().size() > MAX_DISCLOSURES) {
            throw new RecordFormatException(
                    DOCUMENT
                            + ": \"disclosures\" must be an array of at most "
                            + MAX_DISCLOSURES
                            + " field disclosures");
        }
        List<FieldDisclosure> disclosures = new ArrayList<>();
        for (JsonElement e : list.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw new RecordFormatException(
                        DOCUMENT + ": each disclosure must be a JSON object");
            }
            disclosures.add(FieldDisclosure.fromJson(e.getAsJsonObject()));
        }
        SignedCommitment signed =
                SignedCommitment.fromJson(
                        JsonFields.requireObject(o, "signed", DOCUMENT).toString());
        return new EntryAttestation(signed, disclosures, certificate);
    }

    /** Parses the JSON form from text. */
    public static EntryAttestation fromJson(String json) {
        return fromJson(JsonFields.parseObject(json, DOCUMENT));
    }
}
