package io.atrium.sdk.view;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Style conversion: {@code rpx} (750 to the screen's width) becomes a share of the viewport width. */
public final class Styles {

    private static final Pattern RPX = Pattern.compile("(-?\\d*\\.?\\d+)rpx");

    private Styles() {}

    /** A style sheet or style attribute with every {@code Nrpx} turned into {@code (N/7.5)vw}. */
    public static String convertRpx(String css) {
        if (css == null || !css.contains("rpx")) {
            return css;
        }
        Matcher m = RPX.matcher(css);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            double vw = Double.parseDouble(m.group(1)) / 7.5;
            String formatted = vw == Math.rint(vw)
                    ? Long.toString((long) vw)
                    : String.format(Locale.ROOT, "%.4f", vw).replaceAll("0+$", "");
            m.appendReplacement(out, formatted + "vw");
        }
        m.appendTail(out);
        return out.toString();
    }
}
