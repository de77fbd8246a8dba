package org.certvpn.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SequencedSet;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;

/**
 * Parses proposal lists in both dialects admins have in their files:
 *
 * <ul>
 *   <li>strongSwan/openswan: {@code aes256-sha1-modp1024,3des-md5-modp1024!} (entries joined by commas,
 *       algorithms by dashes; several algorithms of one kind in an entry mean every combination);
 *   <li>libreswan: {@code aes256-sha2_256;modp1024} and {@code phase2alg=aes128-sha1;modp2048} (the DH
 *       group after a semicolon).
 * </ul>
 *
 * <p>A trailing {@code !} (strongSwan's "strict") is accepted and changes nothing: CertVPN always accepts
 * exactly the listed proposals, as libreswan does. An IKE entry without a DH group gets MODP2048,
 * MODP1536 and MODP1024 (libreswan's IKEv1 defaults when built with MODP1024, as the common L2TP
 * setups build it); an entry without a hash gets SHA2-256 and SHA1. Entries naming an algorithm that
 * strongSwan or libreswan know but CertVPN does not implement (AES-GCM, DES, Curve25519, ...) are
 * dropped with a warning; an unknown word is an error.
 */
public final class ProposalParser {
    /** Longest list text accepted; real lists are a few hundred characters. */
    public static final int MAX_LENGTH = 8192;

    static final List<DhGroup> DEFAULT_IKE_GROUPS = List.of(DhGroup.MODP_2048, DhGroup.MODP_1536, DhGroup.MODP_1024);
    static final List<IkeHash> DEFAULT_HASHES = List.of(IkeHash.SHA2_256, IkeHash.SHA1);

    /** A parsed list plus one message per dropped entry. */
    public record Result<T>(List<T> proposals, List<String> warnings) {
        public Result {
            proposals = List.copyOf(proposals);
            warnings = List.copyOf(warnings);
        }
    }

    /** A proposal list that cannot be used; the message names the entry and word. */
    public static final class ProposalException extends Exception {
        public ProposalException(String message) {
            super(message, null, false, false);
        }
    }

    private ProposalParser() {}

    public static Result<IkeProposal> parseIke(String text) throws ProposalException {
        List<String> warnings = new ArrayList<>();
        SequencedSet<IkeProposal> out = new LinkedHashSet<>();
        for (String entry : entries(text)) {
            Parts p = parts(entry, warnings);
            if (p == null) {
                continue;
            }
            if (p.ciphers.isEmpty()) {
                throw new ProposalException("no cipher in IKE proposal \"" + entry + "\"");
            }
            List<IkeHash> hashes = p.hashes.isEmpty() ? DEFAULT_HASHES : List.copyOf(p.hashes);
            List<DhGroup> groups = p.groups.isEmpty() ? DEFAULT_IKE_GROUPS : List.copyOf(p.groups);
            for (IkeCipher c : p.ciphers) {
                for (IkeHash h : hashes) {
                    for (DhGroup g : groups) {
                        out.add(new IkeProposal(c, h, g));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new ProposalException("no supported IKE proposal in \"" + clip(text) + "\"");
        }
        return new Result<>(List.copyOf(out), warnings);
    }

    public static Result<EspProposal> parseEsp(String text) throws ProposalException {
        List<String> warnings = new ArrayList<>();
        SequencedSet<EspProposal> out = new LinkedHashSet<>();
        for (String entry : entries(text)) {
            Parts p = parts(entry, warnings);
            if (p == null) {
                continue;
            }
            if (p.ciphers.isEmpty()) {
                throw new ProposalException("no cipher in ESP proposal \"" + entry + "\"");
            }
            List<IkeHash> hashes = p.hashes.isEmpty() ? DEFAULT_HASHES : List.copyOf(p.hashes);
            List<Optional<DhGroup>> groups = new ArrayList<>();
            if (p.groups.isEmpty()) {
                groups.add(Optional.empty());
            } else {
                p.groups.forEach(g -> groups.add(Optional.of(g)));
            }
            for (IkeCipher c : p.ciphers) {
                for (IkeHash h : hashes) {
                    for (Optional<DhGroup> g : groups) {
                        out.add(new EspProposal(AlgorithmNames.espCipher(c), AlgorithmNames.espIntegrity(h), g));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new ProposalException("no supported ESP proposal in \"" + clip(text) + "\"");
        }
        return new Result<>(List.copyOf(out), warnings);
    }

    private record Parts(SequencedSet<IkeCipher> ciphers, SequencedSet<IkeHash> hashes, SequencedSet<DhGroup> groups) {}

    private static List<String> entries(String text) throws ProposalException {
        if (text == null) {
            throw new ProposalException("empty proposal list");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ProposalException("proposal list longer than " + MAX_LENGTH + " characters");
        }
        String t = text.strip();
        if (t.endsWith("!")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        if (t.isEmpty()) {
            throw new ProposalException("empty proposal list");
        }
        List<String> entries = new ArrayList<>();
        for (String raw : t.split(",", -1)) {
            String e = raw.strip();
            if (e.isEmpty()) {
                throw new ProposalException("empty entry in proposal list \"" + clip(text) + "\"");
            }
            entries.add(e);
        }
        return entries;
    }

    /** The algorithms of one entry, or null (with a warning) when the entry names an unsupported one. */
    private static Parts parts(String entry, List<String> warnings) throws ProposalException {
        int semi = entry.indexOf(';');
        if (semi >= 0 && entry.indexOf(';', semi + 1) >= 0) {
            throw new ProposalException("more than one ';' in proposal \"" + entry + "\"");
        }
        List<String> algTokens = tokens(semi < 0 ? entry : entry.substring(0, semi), entry);
        List<String> groupTokens = semi < 0 ? List.of() : tokens(entry.substring(semi + 1), entry);
        Parts p = new Parts(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
        IkeHash prf = null;
        String dropReason = null;
        for (String token : algTokens) {
            String t = token.toLowerCase(Locale.ROOT);
            if (AlgorithmNames.CIPHERS.containsKey(t)) {
                p.ciphers.add(AlgorithmNames.CIPHERS.get(t));
            } else if (AlgorithmNames.HASHES.containsKey(t)) {
                p.hashes.add(AlgorithmNames.HASHES.get(t));
            } else if (AlgorithmNames.GROUPS.containsKey(t)) {
                p.groups.add(AlgorithmNames.GROUPS.get(t));
            } else if (AlgorithmNames.PRFS.containsKey(t)) {
                prf = AlgorithmNames.PRFS.get(t);
            } else if (t.equals("none")) {
                continue;
            } else {
                String why = AlgorithmNames.unsupportedReason(t);
                if (why == null) {
                    throw new ProposalException("unknown algorithm \"" + token + "\" in proposal \"" + entry + "\"");
                }
                if (dropReason == null) {
                    dropReason = "\"" + token + "\": " + why;
                }
            }
        }
        for (String token : groupTokens) {
            String t = token.toLowerCase(Locale.ROOT);
            if (AlgorithmNames.GROUPS.containsKey(t)) {
                p.groups.add(AlgorithmNames.GROUPS.get(t));
            } else if (t.equals("none")) {
                continue;
            } else {
                String why = AlgorithmNames.unsupportedReason(t);
                if (why == null) {
                    throw new ProposalException("unknown DH group \"" + token + "\" in proposal \"" + entry + "\"");
                }
                if (dropReason == null) {
                    dropReason = "\"" + token + "\": " + why;
                }
            }
        }
        if (dropReason != null) {
            warnings.add("proposal \"" + entry + "\" dropped: " + dropReason);
            return null;
        }
        if (prf != null && !(p.hashes.size() == 1 && p.hashes.contains(prf))) {
            warnings.add("proposal \"" + entry + "\" dropped: in IKEv1 the PRF is the HMAC of the hash, so the PRF"
                    + " must name the one hash of the entry");
            return null;
        }
        return p;
    }

    private static List<String> tokens(String part, String entry) throws ProposalException {
        List<String> tokens = new ArrayList<>();
        for (String raw : part.split("-", -1)) {
            String t = raw.strip();
            if (t.isEmpty()) {
                throw new ProposalException("empty algorithm in proposal \"" + entry + "\"");
            }
            tokens.add(t);
        }
        return tokens;
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** The text of a list, in the canonical syntax: parses back to the same list. */
    public static String format(List<?> proposals) {
        return String.join(",", proposals.stream().map(Object::toString).toList());
    }
}
