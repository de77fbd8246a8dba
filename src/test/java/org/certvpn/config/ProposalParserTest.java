package org.certvpn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;
import org.junit.jupiter.api.Test;

/** Proposal strings as the interop brief and real configurations write them. */
class ProposalParserTest {

    @Test
    void strongSwanAndroidSetWithStrictSuffix() throws Exception {
        var r = ProposalParser.parseIke("aes256-sha256-modp1024,aes256-sha1-modp1024,aes256-md5-modp1024,"
                + "3des-sha1-modp1024!");
        assertThat(r.proposals()).containsExactly(
                new IkeProposal(IkeCipher.AES_CBC_256, IkeHash.SHA2_256, DhGroup.MODP_1024),
                new IkeProposal(IkeCipher.AES_CBC_256, IkeHash.SHA1, DhGroup.MODP_1024),
                new IkeProposal(IkeCipher.AES_CBC_256, IkeHash.MD5, DhGroup.MODP_1024),
                new IkeProposal(IkeCipher.TRIPLE_DES_CBC, IkeHash.SHA1, DhGroup.MODP_1024));
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void libreswanSemicolonSyntaxAndDhNumbers() throws Exception {
        var r = ProposalParser.parseIke("aes256-sha2_256;modp1024, aes256-sha1;dh20,3des-sha1;modp2048");
        assertThat(r.proposals()).containsExactly(
                new IkeProposal(IkeCipher.AES_CBC_256, IkeHash.SHA2_256, DhGroup.MODP_1024),
                new IkeProposal(IkeCipher.AES_CBC_256, IkeHash.SHA1, DhGroup.ECP_384),
                new IkeProposal(IkeCipher.TRIPLE_DES_CBC, IkeHash.SHA1, DhGroup.MODP_2048));
    }

    @Test
    void missingGroupGetsLibreswanDefaultsAndSha2MeansSha256() throws Exception {
        var r = ProposalParser.parseIke("aes256-sha2");
        assertThat(r.proposals()).containsExactly(
                new IkeProposal(IkeCipher.AES_CBC_256, IkeHash.SHA2_256, DhGroup.MODP_2048),
                new IkeProposal(IkeCipher.AES_CBC_256, IkeHash.SHA2_256, DhGroup.MODP_1536),
                new IkeProposal(IkeCipher.AES_CBC_256, IkeHash.SHA2_256, DhGroup.MODP_1024));
    }

    @Test
    void severalAlgorithmsInOneEntryMeanEveryCombination() throws Exception {
        var r = ProposalParser.parseIke("aes128-aes256-sha1-sha256-modp2048");
        assertThat(r.proposals()).hasSize(4);
    }

    @Test
    void phase2algWithUnsupportedGcmEntryIsDroppedWithWarning() throws Exception {
        var r = ProposalParser.parseEsp("aes_gcm-null,aes128-sha1,aes256-sha1,aes256-sha2_512,aes128-sha2,aes256-sha2");
        assertThat(r.proposals()).containsExactly(
                new EspProposal(EspCipher.AES_CBC_128, EspIntegrity.HMAC_SHA1_96),
                new EspProposal(EspCipher.AES_CBC_256, EspIntegrity.HMAC_SHA1_96),
                new EspProposal(EspCipher.AES_CBC_256, EspIntegrity.HMAC_SHA2_512_256),
                new EspProposal(EspCipher.AES_CBC_128, EspIntegrity.HMAC_SHA2_256_128),
                new EspProposal(EspCipher.AES_CBC_256, EspIntegrity.HMAC_SHA2_256_128));
        assertThat(r.warnings()).singleElement().asString().contains("aes_gcm").contains("AEAD");
    }

    @Test
    void espWithPfsGroup() throws Exception {
        var r = ProposalParser.parseEsp("aes128-sha1-modp2048,3des-md5;modp1024");
        assertThat(r.proposals()).containsExactly(
                new EspProposal(EspCipher.AES_CBC_128, EspIntegrity.HMAC_SHA1_96, Optional.of(DhGroup.MODP_2048)),
                new EspProposal(EspCipher.TRIPLE_DES_CBC, EspIntegrity.HMAC_MD5_96, Optional.of(DhGroup.MODP_1024)));
        assertThat(r.proposals().get(1).legacy()).isTrue();
    }

    @Test
    void formatParsesBackToTheSameList() throws Exception {
        var ike = ProposalParser.parseIke("aes256-sha1;dh20,3des-md5-modp1024,aes192-sha512-ecp256").proposals();
        assertThat(ProposalParser.parseIke(ProposalParser.format(ike)).proposals()).isEqualTo(ike);
        var esp = ProposalParser.parseEsp("aes256-sha384-modp3072,3des-md5").proposals();
        assertThat(ProposalParser.parseEsp(ProposalParser.format(esp)).proposals()).isEqualTo(esp);
    }

    @Test
    void errorsNameTheWord() {
        assertThatThrownBy(() -> ProposalParser.parseIke("aes256-sha1-modp9999"))
                .hasMessageContaining("unknown algorithm \"modp9999\"");
        assertThatThrownBy(() -> ProposalParser.parseIke("aes256--sha1")).hasMessageContaining("empty algorithm");
        assertThatThrownBy(() -> ProposalParser.parseIke("sha1-modp1024")).hasMessageContaining("no cipher");
        assertThatThrownBy(() -> ProposalParser.parseIke("aes_gcm-null")).hasMessageContaining("no supported");
        assertThatThrownBy(() -> ProposalParser.parseIke("!")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ProposalParser.parseEsp("aes128-sha1,,3des-sha1")).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> ProposalParser.parseIke("aes;modp1024;modp2048")).hasMessageContaining("';'");
    }

    @Test
    void legacySetIsModp1024Md5And3des() throws Exception {
        List<IkeProposal> p = ProposalParser.parseIke("aes256-sha1-modp2048,aes256-sha1-modp1024,aes256-md5-modp2048,"
                + "3des-sha1-modp2048").proposals();
        assertThat(p.stream().map(IkeProposal::legacy)).containsExactly(false, true, true, true);
    }
}
