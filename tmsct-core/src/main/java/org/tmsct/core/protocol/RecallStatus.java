package org.tmsct.core.protocol;

/**
 * The recall states master reports: a lot's own mark (RECALLED or CLEARED), and a trace's or a
 * walk's verdict for a product (RECALLED if it or a lot it was made from is recalled, else CLEAR).
 */
public enum RecallStatus {
    RECALLED,
    CLEARED,
    CLEAR
}
