package org.certvpn.onboard.enroll;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.certvpn.onboard.BundleFile;
import org.certvpn.onboard.ClientBundle;

/**
 * The HTML of the enrollment page and of its refusals: one self-contained page for a phone's
 * browser (mobile viewport, no scripts, no external resources, so the token in the URL never leaks
 * through a Referer), with the CA fingerprint first, one download per kind of device, and the setup
 * steps inline.
 */
public final class EnrollmentPage {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:40rem;\
            padding:1rem;line-height:1.45;color:#1b1b1b;background:#fff}
            h1{font-size:1.4rem;margin:.2rem 0 .6rem}h2{font-size:1.1rem;margin:1.4rem 0 .4rem}
            .fp{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1rem;background:#f3f3f3;padding:.6rem;\
            border-radius:.4rem}
            a.dl{display:block;padding:.85rem 1rem;margin:.55rem 0;border-radius:.5rem;background:#0b57a4;color:#fff;\
            text-decoration:none;font-size:1.05rem}
            a.dl small{display:block;opacity:.85;font-size:.85rem}
            a.dl.plain{background:#e8eef6;color:#0b3d73}
            .warn{background:#fff4d6;border-left:.3rem solid #e0a100;padding:.5rem .7rem}
            details{margin:.4rem 0;border:1px solid #ddd;border-radius:.4rem;padding:.4rem .7rem}
            summary{font-weight:600;cursor:pointer}
            pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.82rem}
            """;

    private EnrollmentPage() {}

    /** The page of an open link. Links are absolute paths under the token. */
    public static byte[] open(ClientBundle bundle, String token, Instant expiresAt) {
        String base = EnrollmentPath.page(token);
        StringBuilder b = new StringBuilder();
        head(b, "VPN certificate for " + bundle.user());
        b.append("<h1>VPN certificate for ").append(esc(bundle.user())).append("</h1>\n");
        b.append("<p>Server <b>").append(esc(bundle.serverAddress())).append("</b>. This link expires at <b>")
                .append(TIME.format(expiresAt)).append("</b>.</p>\n");
        b.append("<p class=\"warn\">Download <b>one</b> of the first three: the first download of your certificate ")
                .append("uses this link up. The password is not here: your administrator tells you.</p>\n");

        b.append("<h2>1. Check the CA</h2>\n");
        b.append("<p>It must match what your administrator shows you, and later what your device shows for the ")
                .append("installed CA (SHA-256):</p>\n");
        b.append("<p class=\"fp\" id=\"ca-fingerprint\">").append(breakable(bundle.caFingerprint())).append("</p>\n");

        b.append("<h2>2. Download for your device</h2>\n");
        BundleFile p12 = bundle.file(BundleFile.Role.P12).orElseThrow();
        BundleFile profile = bundle.file(BundleFile.Role.APPLE_PROFILE).orElseThrow();
        BundleFile ca = bundle.file(BundleFile.Role.CA_CERTIFICATE).orElseThrow();
        link(b, "dl-p12", base + p12.name(), "dl", "Android: certificate (.p12)", p12.name());
        link(b, "dl-profile", base + profile.name(), "dl", "iPhone, iPad, Mac: profile (.mobileconfig)", profile.name());
        link(b, "dl-zip", base + bundle.zipName(), "dl", "Windows, Linux: everything (.zip)", bundle.zipName());
        link(b, "dl-ca", base + ca.name(), "dl plain", "The CA certificate alone (.crt)",
                ca.name() + " - does not use the link up");

        b.append("<h2>3. Set up</h2>\n");
        setup(b, bundle, "Android 4-11", "SETUP-Android.txt");
        setup(b, bundle, "iPhone, iPad, Mac", "SETUP-iOS-macOS.txt");
        setup(b, bundle, "Windows", "SETUP-Windows.txt");
        setup(b, bundle, "Linux", "SETUP-Linux.txt");
        b.append("</body>\n</html>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Why a link no longer works. */
    public static byte[] refused(EnrollmentGrant.State state, Instant at) {
        StringBuilder b = new StringBuilder();
        String title = state == EnrollmentGrant.State.SPENT ? "This link has been used" : "This link has expired";
        head(b, title);
        b.append("<h1 id=\"refused\">").append(title).append("</h1>\n");
        if (state == EnrollmentGrant.State.SPENT) {
            b.append("<p>The certificate was downloaded at ").append(TIME.format(at))
                    .append(". A link works for one download only. If that was not you, tell your administrator now: ")
                    .append("the certificate can be revoked and a new link made.</p>\n");
        } else {
            b.append("<p>It expired at ").append(TIME.format(at))
                    .append(" without a download. Ask your administrator for a new link.</p>\n");
        }
        b.append("</body>\n</html>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The same answer for every path that is not ours, so nothing tells a guess from a near miss. */
    public static byte[] notFound() {
        StringBuilder b = new StringBuilder();
        head(b, "Not found");
        b.append("<h1>Not found</h1>\n</body>\n</html>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<meta name=\"robots\" content=\"noindex\">\n")
                .append("<title>").append(esc(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    }

    private static void link(StringBuilder b, String id, String href, String cls, String label, String detail) {
        b.append("<a id=\"").append(id).append("\" class=\"").append(cls).append("\" href=\"").append(esc(href)).append("\">")
                .append(esc(label)).append("<small>").append(esc(detail)).append("</small></a>\n");
    }

    private static void setup(StringBuilder b, ClientBundle bundle, String label, String file) {
        bundle.file(file).ifPresent(f -> b.append("<details><summary>").append(esc(label)).append("</summary><pre>")
                .append(esc(new String(f.content(), StandardCharsets.UTF_8).replace("\r\n", "\n"))).append("</pre></details>\n"));
    }

    /**
     * The fingerprint exactly as devices show it (pairs joined by colons), with a {@code <wbr>} after
     * every fourth pair so a phone breaks the line between groups, not inside a pair.
     */
    static String breakable(String fingerprint) {
        String[] pairs = fingerprint.split(":");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                sb.append(':');
                if (i % 4 == 0) {
                    sb.append("<wbr>");
                }
            }
            sb.append(esc(pairs[i]));
        }
        return sb.toString();
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
