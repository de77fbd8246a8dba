package org.certvpn.onboard;

import java.nio.charset.StandardCharsets;

/**
 * The Windows PowerShell script of a bundle: adds the L2TP/IPsec connection with
 * {@code Add-VpnConnection -TunnelType L2tp -AuthenticationMethod MSChapv2}, authenticating IPsec
 * either by the user's certificate (imported into {@code LocalMachine\My}, the CA into
 * {@code LocalMachine\Root}: Windows' L2TP client uses machine certificates) or by a pre-shared key,
 * and optionally sets {@code AssumeUDPEncapsulationContextOnSendRule = 2}.
 *
 * <p>Written with CRLF line ends and a UTF-8 byte order mark: Windows PowerShell 5.1 reads a file
 * without one in the ANSI code page, which would garble any non-ASCII name.
 */
final class WindowsScript {
    static final String POLICY_AGENT_KEY = "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\PolicyAgent";
    static final String NAT_VALUE = "AssumeUDPEncapsulationContextOnSendRule";

    private WindowsScript() {}

    static byte[] build(BundleRequest r, String connectionName, String p12Name, String caName, String scriptName) {
        StringBuilder s = new StringBuilder();
        s.append("# CertVPN: adds the L2TP/IPsec VPN ").append(comment(connectionName)).append(" for ").append(r.user())
                .append(".\n");
        s.append("# Run it in a PowerShell started as Administrator, from the folder it is in:\n");
        s.append("#   powershell -ExecutionPolicy Bypass -File .\\").append(scriptName).append('\n');
        s.append("# SETUP-Windows.txt says what it does, and how to do the same by hand.\n");
        s.append("#Requires -RunAsAdministrator\n");
        s.append("param(\n");
        s.append("    # $true when the gateway is reached through a NAT router (port forwarding to a private address).\n");
        s.append("    # Windows then needs ").append(NAT_VALUE).append(" = 2 and a restart, or it fails with error 809.\n");
        s.append("    [bool]$ServerBehindNat = ").append(r.serverBehindNat() ? "$true" : "$false").append('\n');
        s.append(")\n");
        s.append("$ErrorActionPreference = 'Stop'\n");
        s.append("$Name = ").append(quote(connectionName)).append('\n');
        s.append("$Server = ").append(quote(r.serverAddress())).append('\n');
        s.append("$Here = Split-Path -Parent $MyInvocation.MyCommand.Path\n");
        s.append('\n');
        if (r.presharedKey().isPresent()) {
            s.append("# IPsec authenticates with the pre-shared key; the certificate is not used on this machine.\n");
            s.append("$Psk = ").append(quote(r.presharedKey().get())).append('\n');
        } else {
            s.append("# IPsec authenticates with the certificate: Windows' L2TP client takes it from the computer's store.\n");
            s.append("Import-Certificate -FilePath (Join-Path $Here ").append(quote(caName))
                    .append(") -CertStoreLocation 'Cert:\\LocalMachine\\Root' | Out-Null\n");
            s.append("$P12Password = Read-Host -AsSecureString -Prompt ")
                    .append(quote("Password of " + p12Name + " (handed to you separately)")).append('\n');
            s.append("Import-PfxCertificate -FilePath (Join-Path $Here ").append(quote(p12Name))
                    .append(") -CertStoreLocation 'Cert:\\LocalMachine\\My' -Password $P12Password | Out-Null\n");
        }
        s.append('\n');
        s.append("if (Get-VpnConnection -Name $Name -AllUserConnection -ErrorAction SilentlyContinue) {\n");
        s.append("    Remove-VpnConnection -Name $Name -AllUserConnection -Force\n");
        s.append("}\n");
        s.append("Add-VpnConnection -Name $Name -ServerAddress $Server -TunnelType L2tp -AuthenticationMethod MSChapv2 ")
                .append("-EncryptionLevel Required");
        if (r.presharedKey().isPresent()) {
            s.append(" -L2tpPsk $Psk");
        }
        s.append(" -AllUserConnection -Force\n");
        s.append('\n');
        s.append("if ($ServerBehindNat) {\n");
        s.append("    New-ItemProperty -Path ").append(quote(POLICY_AGENT_KEY)).append(" -Name ").append(quote(NAT_VALUE))
                .append(" -PropertyType DWord -Value 2 -Force | Out-Null\n");
        s.append("    Write-Host ").append(quote(NAT_VALUE + " is now 2: restart Windows before connecting.")).append('\n');
        s.append("}\n");
        s.append("Write-Host ").append(quote("Added the VPN. Connect from Settings > Network & Internet > VPN with user name "
                + r.user() + " and your VPN password.")).append('\n');
        return withBom(s.toString().replace("\n", "\r\n"));
    }

    /**
     * A single-quoted PowerShell string: nothing inside is expanded. PowerShell also takes the
     * typographic single quotes U+2018 to U+201B as quote characters, so those are doubled too.
     */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("a line break cannot be part of a script value");
            }
            sb.append(c);
            if (c == '\'' || c >= '\u2018' && c <= '\u201B') {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    private static String comment(String text) {
        return "\"" + text.replaceAll("[\\r\\n]", " ") + "\"";
    }

    private static byte[] withBom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }
}
