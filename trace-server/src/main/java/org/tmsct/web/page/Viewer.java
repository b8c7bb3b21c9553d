package org.tmsct.web.page;

/**
 * Who is looking at a page, as far as the pages care: the label the header shows, the organisation
 * whose raw data they may see, and whether they may open the operations view.
 *
 * @param label shown in the header, e.g. "Public view" or "RawMaterialOrg staff"
 * @param org the viewer's organisation (MSP id), null for the public
 * @param admin true for an organisation's administrators
 */
public record Viewer(String label, String org, boolean admin) {

    /** Anyone, not logged in. */
    public static final Viewer PUBLIC = new Viewer("Public view", null, false);
}
