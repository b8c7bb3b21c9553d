package org.tmsct.core.epcis;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canonical text of single values in the event hash's pre-hash string: timestamps in UTC with
 * milliseconds, numbers without trailing zeros, CBV URNs as web URIs and GS1 identifiers as
 * constrained canonical Digital Links.
 *
 * <p>Numbers are written the way the reference implementation (Python) writes them, since that is
 * what every other implementation compares against: integral values as plain integers, others in
 * the shortest form that reads back as the same double ({@code 12.1}, {@code 1e-05}).
 */
final class EventHashValues {

    /** Old CBV URN prefixes and the web vocabulary URIs that replace them (CBV 2.0 rule 14). */
    private static final String[][] CBV_URNS = {
        {"urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"},
        {"urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"},
        {"urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"},
        {"urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"},
        {"urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"},
    };

    /** A decimal number as Python's float() reads it (ASCII digits; underscores between them). */
    private static final Pattern NUMBER =
            Pattern.compile(
                    "[+-]?(?:\\d(?:_?\\d)*(?:\\.(?:\\d(?:_?\\d)*)?)?|\\.\\d(?:_?\\d)*)"
                            + "(?:[eE][+-]?\\d(?:_?\\d)*)?");

    /** ISO 8601 date and time; seconds, fraction and offset optional, or a date alone. */
    private static final Pattern TIMESTAMP =
            Pattern.compile(
                    "(\\d{4})-(\\d{2})-(\\d{2})"
                            + "(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?"
                            + "(?:([Zz])|([+-])(\\d{2})(?::?(\\d{2}))?)?");

    private EventHashValues() {}

    /** The canonical text of a non-timestamp value: CBV URN, then number, then GS1 identifier. */
    static String canonical(String text) {
        String value = text;
        for (String[] urn : CBV_URNS) {
            value = value.replace(urn[0], urn[1]);
        }
        value = number(value);
        String link = EventHashLinks.canonical(value);
        return link != null ? link : value;
    }

    /** {@code text} as a number without trailing zeros if it is one, else unchanged. */
    static String number(String text) {
        if (!NUMBER.matcher(text).matches()) {
            return text;
        }
        double d = Double.parseDouble(text.replace("_", ""));
        if (Double.isInfinite(d)) {
            return text;
        }
        if (d == Math.rint(d)) {
            // integral: all digits of the double, as Python's int(float) prints it
            return new BigDecimal(d).toBigInteger().toString();
        }
        return shortestRepr(d);
    }

    /**
     * Python's {@code repr} of a finite double: the fewest significant digits that read back as
     * {@code d}, in positional notation unless the decimal exponent is below -4 or at least 16.
     */
    static String shortestRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal digits = shortestDigits(d).stripTrailingZeros();
        int exponent = digits.precision() - digits.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String unscaled = digits.unscaledValue().abs().toString();
            String mantissa =
                    unscaled.length() == 1
                            ? unscaled
                            : unscaled.charAt(0) + "." + unscaled.substring(1);
            return (d < 0 ? "-" : "")
                    + mantissa
                    + "e"
                    + (exponent < 0 ? "-" : "+")
                    + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        String plain = digits.toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    private static BigDecimal shortestDigits(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision < 17; precision++) {
            // the nearest decimal of this precision, or, next to a power of two where the
            // rounding interval is lopsided, the one on the other side
            BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (nearest.doubleValue() == d) {
                return nearest;
            }
            for (RoundingMode side : new RoundingMode[] {RoundingMode.DOWN, RoundingMode.UP}) {
                BigDecimal other = exact.round(new MathContext(precision, side));
                if (other.doubleValue() == d) {
                    return other;
                }
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }

    /**
     * A timestamp in UTC with millisecond precision ({@code 2005-04-04T02:33:31.116Z}). Digits
     * beyond the microsecond are dropped and the microseconds rounded half to even, as the
     * reference does. A time without offset is taken as UTC. Text that is no ISO 8601 timestamp is
     * returned unchanged.
     */
    static String timestamp(String text) {
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
            return text;
        }
        try {
            int micros = 0;
            if (m.group(7) != null) {
                String fraction = (m.group(7) + "000000").substring(0, 6);
                micros = Integer.parseInt(fraction);
            }
            LocalDateTime local =
                    LocalDateTime.of(
                            Integer.parseInt(m.group(1)),
                            Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)),
                            m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                            m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            ZoneOffset offset = ZoneOffset.UTC;
            if (m.group(9) != null) {
                int hours = Integer.parseInt(m.group(10));
                int minutes = m.group(11) == null ? 0 : Integer.parseInt(m.group(11));
                int sign = "-".equals(m.group(9)) ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            }
            long millis =
                    new BigDecimal(micros)
                            .divide(BigDecimal.valueOf(1000))
                            .setScale(0, RoundingMode.HALF_EVEN)
                            .longValue();
            OffsetDateTime utc =
                    OffsetDateTime.of(local, offset)
                            .withOffsetSameInstant(ZoneOffset.UTC)
                            .plusNanos(millis * 1_000_000);
            return String.format(
                    Locale.ROOT,
                    "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                    utc.getYear(),
                    utc.getMonthValue(),
                    utc.getDayOfMonth(),
                    utc.getHour(),
                    utc.getMinute(),
                    utc.getSecond(),
                    utc.getNano() / 1_000_000);
        } catch (DateTimeException e) {
            return text;
        }
    }

    /** {@code s} without leading and trailing whitespace, Unicode spaces included as in Python. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}
