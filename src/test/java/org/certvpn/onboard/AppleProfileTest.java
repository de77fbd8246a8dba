package org.certvpn.onboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .mobileconfig} read back by real plist parsers (Python's plistlib and libplist's
 * plistutil) and checked against Apple's Configuration Profile Reference: top-level Configuration
 * payload; com.apple.security.root, com.apple.security.pkcs12 and com.apple.vpn.managed payloads with
 * the common keys; VPNType L2TP with IPSec AuthenticationMethod Certificate naming the pkcs12 payload.
 */
class AppleProfileTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path PLISTUTIL = Path.of("/usr/bin/plistutil");
    /** Prints the plist as JSON, bytes as {"$data": base64}; Python's bool stays a JSON boolean, int a number. */
    private static final String TO_JSON = """
            import base64, json, plistlib, sys
            def conv(o):
                if isinstance(o, bytes): return {"$data": base64.b64encode(o).decode()}
                if isinstance(o, dict): return {k: conv(v) for k, v in o.items()}
                if isinstance(o, list): return [conv(v) for v in o]
                return o
            with open(sys.argv[1], "rb") as f:
                print(json.dumps(conv(plistlib.load(f))))
            """;

    @TempDir
    static Path tmp;
    private static BundleRequest request;
    private static Path profile;

    @BeforeAll
    static void setUp() throws Exception {
        request = OnboardFixtures.alice(OnboardFixtures.store(tmp.resolve("ca")), Optional.empty(), false);
        ClientBundle bundle = BundleBuilder.build(request);
        profile = tmp.resolve("profile.mobileconfig");
        Files.write(profile, bundle.file(BundleFile.Role.APPLE_PROFILE).orElseThrow().content());
    }

    @Test
    void pythonPlistlibReadsTheProfileWithAppleStructure() throws Exception {
        assumeThat(ExternalTool.available(PYTHON)).as("needs " + PYTHON + " (Debian's python3) to parse the plist").isTrue();
        JsonObject p = parseWithPython(profile);

        assertThat(p.get("PayloadType").getAsString()).isEqualTo("Configuration");
        assertThat(p.get("PayloadVersion").getAsJsonPrimitive().isNumber()).isTrue();
        assertThat(p.get("PayloadVersion").getAsInt()).isEqualTo(1);
        assertThat(p.get("PayloadRemovalDisallowed").getAsJsonPrimitive().isBoolean()).isTrue();
        assertThat(p.get("PayloadIdentifier").getAsString()).isEqualTo("org.certvpn.l2tp.vpn.example.com.alice");
        assertThat(p.get("PayloadDisplayName").getAsString()).isEqualTo("CertVPN vpn.example.com (alice)");
        assertThat(p.get("PayloadOrganization").getAsString()).isEqualTo("Example Inc.");
        JsonArray content = p.getAsJsonArray("PayloadContent");
        assertThat(content).hasSize(3);

        Set<String> uuids = new HashSet<>();
        uuids.add(uuid(p));
        for (JsonElement e : content) {
            JsonObject payload = e.getAsJsonObject();
            for (String key : List.of("PayloadType", "PayloadIdentifier", "PayloadUUID", "PayloadVersion", "PayloadDisplayName")) {
                assertThat(payload.has(key)).as(key + " in " + payload.get("PayloadType")).isTrue();
            }
            assertThat(payload.get("PayloadIdentifier").getAsString()).startsWith(p.get("PayloadIdentifier").getAsString() + ".");
            assertThat(uuids.add(uuid(payload))).as("UUIDs are unique").isTrue();
        }

        JsonObject root = payload(content, "com.apple.security.root");
        assertThat(data(root.getAsJsonObject("PayloadContent"))).isEqualTo(request.caCertificate().getEncoded());
        assertThat(root.get("PayloadCertificateFileName").getAsString()).endsWith(".crt");

        JsonObject identity = payload(content, "com.apple.security.pkcs12");
        assertThat(data(identity.getAsJsonObject("PayloadContent"))).isEqualTo(request.p12());
        assertThat(identity.get("PayloadCertificateFileName").getAsString()).endsWith("-alice.p12");
        assertThat(identity.has("Password")).as("the p12 password stays out of the profile").isFalse();

        JsonObject vpn = payload(content, "com.apple.vpn.managed");
        assertThat(vpn.get("VPNType").getAsString()).isEqualTo("L2TP");
        assertThat(vpn.get("UserDefinedName").getAsString()).isEqualTo("CertVPN vpn.example.com");
        JsonObject ipsec = vpn.getAsJsonObject("IPSec");
        assertThat(ipsec.get("AuthenticationMethod").getAsString()).isEqualTo("Certificate");
        assertThat(ipsec.get("PayloadCertificateUUID").getAsString()).isEqualTo(uuid(identity));
        assertThat(ipsec.has("SharedSecret")).isFalse();
        JsonObject ppp = vpn.getAsJsonObject("PPP");
        assertThat(ppp.get("AuthName").getAsString()).isEqualTo("alice");
        assertThat(ppp.get("CommRemoteAddress").getAsString()).isEqualTo("vpn.example.com");
        assertThat(ppp.has("AuthPassword")).isFalse();
        assertThat(vpn.getAsJsonObject("IPv4").get("OverridePrimary").getAsInt()).isEqualTo(1);
    }

    @Test
    void plistutilConvertsTheProfileToBinaryAndBackUnchanged() throws Exception {
        assumeThat(ExternalTool.available(PLISTUTIL)).as("needs plistutil (Debian package libplist-utils)").isTrue();
        Path bin = tmp.resolve("profile.bplist");
        Path xml = tmp.resolve("profile-again.plist");
        ExternalTool toBinary = ExternalTool.run(List.of(PLISTUTIL.toString(), "-i", profile.toString(), "-o", bin.toString(),
                "-f", "bin"), 30);
        assertThat(toBinary.exit()).as(toBinary.err()).isZero();
        assertThat(new String(Files.readAllBytes(bin), 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("bplist00");
        ExternalTool toXml = ExternalTool.run(List.of(PLISTUTIL.toString(), "-i", bin.toString(), "-o", xml.toString(),
                "-f", "xml"), 30);
        assertThat(toXml.exit()).as(toXml.err()).isZero();
        if (ExternalTool.available(PYTHON)) {
            assertThat(parseWithPython(xml)).isEqualTo(parseWithPython(profile));
        }
    }

    @Test
    void escapesXmlAndRefusesWhatXmlCannotCarry() {
        assertThat(XmlPlist.escape("A & B <C>")).isEqualTo("A &amp; B &lt;C&gt;");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> XmlPlist.escape("bell\u0007"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonObject parseWithPython(Path file) throws Exception {
        ExternalTool r = ExternalTool.run(List.of(PYTHON.toString(), "-c", TO_JSON, file.toString()), 30);
        assertThat(r.exit()).as(r.err()).isZero();
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    private static JsonObject payload(JsonArray content, String type) {
        for (JsonElement e : content) {
            if (e.getAsJsonObject().get("PayloadType").getAsString().equals(type)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + type + " payload");
    }

    private static String uuid(JsonObject payload) {
        String u = payload.get("PayloadUUID").getAsString();
        assertThat(u).matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");
        return u;
    }

    private static byte[] data(JsonObject data) {
        return Base64.getDecoder().decode(data.get("$data").getAsString());
    }
}
