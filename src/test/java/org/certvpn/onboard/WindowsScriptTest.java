package org.certvpn.onboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.certvpn.onboard.PowerShellStructure.Command;
import org.certvpn.onboard.PowerShellStructure.Kind;
import org.certvpn.onboard.PowerShellStructure.Token;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows script, checked structurally: Debian does not package PowerShell ({@code pwsh}), so
 * the script is read with {@link PowerShellStructure} and every command and parameter is checked
 * against the cmdlets' documented parameter sets (Microsoft's reference pages for Add-VpnConnection,
 * Import-PfxCertificate, Import-Certificate, New-ItemProperty, ...), with the documented values of
 * their enumerations.
 */
class WindowsScriptTest {
    private static final String SWITCH = "<switch>";
    private static final String ANY = "<any>";
    private static final Map<String, Map<String, Set<String>>> CMDLETS = Map.ofEntries(
            Map.entry("Add-VpnConnection", Map.of(
                    "Name", Set.of(ANY), "ServerAddress", Set.of(ANY),
                    "TunnelType", Set.of("Pptp", "L2tp", "Sstp", "Ikev2", "Automatic"),
                    "AuthenticationMethod", Set.of("Pap", "Chap", "MSChapv2", "Eap", "MachineCertificate"),
                    "EncryptionLevel", Set.of("NoEncryption", "Optional", "Required", "Maximum", "Custom"),
                    "L2tpPsk", Set.of(ANY), "AllUserConnection", Set.of(SWITCH), "Force", Set.of(SWITCH),
                    "RememberCredential", Set.of(SWITCH), "PassThru", Set.of(SWITCH))),
            Map.entry("Get-VpnConnection", Map.of("Name", Set.of(ANY), "AllUserConnection", Set.of(SWITCH),
                    "ErrorAction", Set.of("SilentlyContinue", "Stop", "Continue", "Ignore"))),
            Map.entry("Remove-VpnConnection", Map.of("Name", Set.of(ANY), "AllUserConnection", Set.of(SWITCH),
                    "Force", Set.of(SWITCH))),
            Map.entry("Import-Certificate", Map.of("FilePath", Set.of(ANY),
                    "CertStoreLocation", Set.of("Cert:\\LocalMachine\\Root"))),
            Map.entry("Import-PfxCertificate", Map.of("FilePath", Set.of(ANY),
                    "CertStoreLocation", Set.of("Cert:\\LocalMachine\\My"), "Password", Set.of(ANY))),
            Map.entry("Read-Host", Map.of("AsSecureString", Set.of(SWITCH), "Prompt", Set.of(ANY))),
            Map.entry("New-ItemProperty", Map.of("Path", Set.of(ANY), "Name", Set.of(ANY),
                    "PropertyType", Set.of("String", "ExpandString", "Binary", "DWord", "MultiString", "QWord"),
                    "Value", Set.of(ANY), "Force", Set.of(SWITCH))),
            Map.entry("Split-Path", Map.of("Parent", Set.of(SWITCH))),
            Map.entry("Join-Path", Map.of()),
            Map.entry("Out-Null", Map.of()),
            Map.entry("Write-Host", Map.of()));
    private static final Set<String> AUTOMATIC_VARIABLES = Set.of("true", "false", "MyInvocation.MyCommand.Path");

    @TempDir
    static Path tmp;
    private static Path store;

    @BeforeAll
    static void setUp() throws Exception {
        store = OnboardFixtures.store(tmp.resolve("ca"));
    }

    @Test
    void certificateScriptImportsIntoTheMachineStoresAndAddsL2tpWithMsChapV2() throws Exception {
        ClientBundle bundle = BundleBuilder.build(OnboardFixtures.alice(store, Optional.empty(), false));
        PowerShellStructure s = checked(bundle);
        Command add = only(s, "Add-VpnConnection");
        assertThat(value(add, "TunnelType")).isEqualTo("L2tp");
        assertThat(value(add, "AuthenticationMethod")).isEqualTo("MSChapv2");
        assertThat(add.parameters()).containsKeys("AllUserConnection", "Force").doesNotContainKey("L2tpPsk");
        Command pfx = only(s, "Import-PfxCertificate");
        assertThat(value(pfx, "CertStoreLocation")).isEqualTo("Cert:\\LocalMachine\\My");
        assertThat(joinedFile(pfx)).isEqualTo(bundle.file(BundleFile.Role.P12).orElseThrow().name());
        assertThat(pfx.parameters().get("Password")).containsExactly(new Token(Kind.VARIABLE, "P12Password"));
        Command ca = only(s, "Import-Certificate");
        assertThat(value(ca, "CertStoreLocation")).isEqualTo("Cert:\\LocalMachine\\Root");
        assertThat(joinedFile(ca)).isEqualTo(bundle.file(BundleFile.Role.CA_CERTIFICATE).orElseThrow().name());
        assertThat(only(s, "Read-Host").parameters()).containsKey("AsSecureString");
        assertNatSetting(s, false);
        assertThat(string(bundle)).doesNotContain(OnboardFixtures.P12_PASSWORD);
    }

    @Test
    void pskScriptPassesTheKeyAndImportsNothing() throws Exception {
        String psk = "it's a ‘quoted’ key";
        ClientBundle bundle = BundleBuilder.build(OnboardFixtures.alice(store, Optional.of(psk), true));
        PowerShellStructure s = checked(bundle);
        Command add = only(s, "Add-VpnConnection");
        assertThat(add.parameters().get("L2tpPsk")).containsExactly(new Token(Kind.VARIABLE, "Psk"));
        assertThat(assignments(s)).containsEntry("Psk", new Token(Kind.SINGLE_QUOTED, psk));
        assertThat(s.commands).extracting(Command::name).doesNotContain("Import-PfxCertificate", "Import-Certificate");
        assertNatSetting(s, true);
    }

    @Test
    void quotingDoublesEverySingleQuotePowerShellKnows() {
        assertThat(WindowsScript.quote("a'b\u2019c")).isEqualTo("'a''b\u2019\u2019c'");
        assertThatThrownBy(() -> WindowsScript.quote("two\nlines")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStructureReaderRefusesBrokenScripts() {
        assertThatThrownBy(() -> PowerShellStructure.read("Write-Host 'open\r\n")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> PowerShellStructure.read("if ($x) {\r\n")).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> PowerShellStructure.read("Write-Host 'a'\nWrite-Host 'b'\r\n")).hasMessageContaining("CRLF");
    }

    /** Encoding, line ends, header, the param block, and every command against its documented parameters. */
    private static PowerShellStructure checked(ClientBundle bundle) {
        byte[] bytes = bundle.file(BundleFile.Role.WINDOWS_SCRIPT).orElseThrow().content();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = string(bundle);
        assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        PowerShellStructure s = PowerShellStructure.read(text);
        assertThat(s.comments).contains("#Requires -RunAsAdministrator");

        // The param block is the first statement (only comments before it).
        List<List<Token>> code = s.lines.stream().filter(l -> !l.isEmpty()).toList();
        assertThat(code.getFirst()).containsExactly(new Token(Kind.WORD, "param"), new Token(Kind.PUNCT, "("));
        assertThat(code.get(1)).containsExactly(new Token(Kind.PUNCT, "["), new Token(Kind.WORD, "bool"),
                new Token(Kind.PUNCT, "]"), new Token(Kind.VARIABLE, "ServerBehindNat"), new Token(Kind.PUNCT, "="),
                code.get(1).getLast());
        assertThat(code.get(2)).containsExactly(new Token(Kind.PUNCT, ")"));

        Set<String> known = new HashSet<>(AUTOMATIC_VARIABLES);
        known.add("ServerBehindNat");
        for (List<Token> line : code) {
            for (int i = 0; i < line.size(); i++) {
                Token t = line.get(i);
                if (t.kind() != Kind.VARIABLE) {
                    continue;
                }
                boolean assigned = i + 1 < line.size() && line.get(i + 1).equals(new Token(Kind.PUNCT, "="));
                if (assigned) {
                    known.add(t.text());
                } else {
                    assertThat(known).as("$" + t.text() + " is set before it is used").contains(t.text());
                }
            }
        }
        assertThat(s.commands).isNotEmpty();
        for (Command c : s.commands) {
            Map<String, Set<String>> allowed = CMDLETS.get(c.name());
            assertThat(allowed).as("line " + c.line() + ": " + c.name() + " is a cmdlet we know").isNotNull();
            c.parameters().forEach((name, values) -> {
                Set<String> ok = allowed.get(name);
                assertThat(ok).as("line " + c.line() + ": " + c.name() + " -" + name).isNotNull();
                if (ok.contains(SWITCH)) {
                    return; // a switch; a word after it is positional
                }
                if (!values.isEmpty() && values.getFirst().equals(new Token(Kind.PUNCT, "("))) {
                    assertThat(ok).as("line " + c.line() + ": -" + name + " takes a computed value").contains(ANY);
                    return;
                }
                assertThat(values).as("line " + c.line() + ": -" + name + " has a value").hasSize(1);
                if (!ok.contains(ANY)) {
                    assertThat(ok).as("line " + c.line() + ": -" + name).contains(values.getFirst().text());
                }
            });
        }
        for (Command join : s.commands.stream().filter(c -> c.name().equals("Join-Path")).toList()) {
            String file = join.positional().getLast().text();
            assertThat(bundle.file(file)).as("Join-Path names a file of the bundle: " + file).isPresent();
        }
        return s;
    }

    private static void assertNatSetting(PowerShellStructure s, boolean byDefault) {
        Command reg = only(s, "New-ItemProperty");
        assertThat(value(reg, "Path")).isEqualTo("HKLM:\\SYSTEM\\CurrentControlSet\\Services\\PolicyAgent");
        assertThat(value(reg, "Name")).isEqualTo("AssumeUDPEncapsulationContextOnSendRule");
        assertThat(value(reg, "PropertyType")).isEqualTo("DWord");
        assertThat(value(reg, "Value")).isEqualTo("2");
        List<Token> param = s.lines.stream().filter(l -> l.contains(new Token(Kind.VARIABLE, "ServerBehindNat"))).findFirst().orElseThrow();
        assertThat(param.getLast()).isEqualTo(new Token(Kind.VARIABLE, byDefault ? "true" : "false"));
        // Only inside "if ($ServerBehindNat) { ... }".
        int ifLine = -1;
        for (int i = 0; i < s.lines.size(); i++) {
            if (s.lines.get(i).equals(List.of(new Token(Kind.WORD, "if"), new Token(Kind.PUNCT, "("),
                    new Token(Kind.VARIABLE, "ServerBehindNat"), new Token(Kind.PUNCT, ")"), new Token(Kind.PUNCT, "{")))) {
                ifLine = i + 1;
            }
        }
        assertThat(reg.line()).isEqualTo(ifLine + 1);
    }

    private static Map<String, Token> assignments(PowerShellStructure s) {
        return s.lines.stream().filter(l -> l.size() == 3 && l.get(0).kind() == Kind.VARIABLE && l.get(1).text().equals("="))
                .collect(Collectors.toMap(l -> l.get(0).text(), l -> l.get(2)));
    }

    private static Command only(PowerShellStructure s, String name) {
        List<Command> found = s.commands.stream().filter(c -> c.name().equals(name)).toList();
        assertThat(found).as(name).hasSize(1);
        return found.getFirst();
    }

    private static String value(Command c, String parameter) {
        List<Token> v = c.parameters().get(parameter);
        assertThat(v).as(c.name() + " -" + parameter).hasSize(1);
        return v.getFirst().text();
    }

    /** {@code -FilePath (Join-Path $Here 'NAME')}: the NAME. */
    private static String joinedFile(Command c) {
        List<Token> v = c.parameters().get("FilePath");
        assertThat(v.subList(0, 3)).containsExactly(new Token(Kind.PUNCT, "("), new Token(Kind.WORD, "Join-Path"),
                new Token(Kind.VARIABLE, "Here"));
        assertThat(v.getLast().kind()).isEqualTo(Kind.SINGLE_QUOTED);
        return v.getLast().text();
    }

    private static String string(ClientBundle bundle) {
        byte[] b = bundle.file(BundleFile.Role.WINDOWS_SCRIPT).orElseThrow().content();
        return new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
    }
}
