package org.certvpn.pki.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.certvpn.pki.PkiFileException;
import org.certvpn.pki.PkiFiles;

/**
 * The built-in CA: a directory holding a self-signed root, what it issued and its CRL (layout in
 * {@link CaLayout}). Open it with {@link #init} or {@link #open}, call the operations, then
 * {@link #close}. While open, the store's lock file is held, so two commands never change it at once.
 *
 * <p>Every change is one transaction (see {@link StoreFiles}): everything is built in memory first,
 * then recorded in a journal, then written. A failure before the journal leaves the store unchanged;
 * a process killed after it leaves a journal that the next {@link #open} replays. So no certificate
 * ever reaches a file without being in the index, and the index never names a serial twice.
 *
 * <p>Opened without a passphrase, the store can list and export but not sign.
 */
public final class CaStore implements AutoCloseable {
    public static final int DEFAULT_CA_DAYS = 3650;
    public static final int DEFAULT_SERVER_DAYS = 825;
    public static final int DEFAULT_CLIENT_DAYS = 365;
    public static final int DEFAULT_CRL_DAYS = 30;
    public static final int MIN_PASSPHRASE_LENGTH = 8;
    private static final int MAX_DAYS = 36_500;
    /** PBKDF2 rounds guarding the CA key: the admin's passphrase is all that protects it, so unlocking is made slow. */
    static final int CA_KEY_ITERATIONS = 100_000;
    /**
     * The server key's passphrase is 32 random characters kept beside it, so extra rounds would only
     * slow the gateway's start; OpenSSL's default count is enough.
     */
    static final int SERVER_KEY_ITERATIONS = 2048;
    /** Certificates start an hour early: a phone whose clock runs a little slow must not see "not yet valid". */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final String DER_CA_NAME = "ca-der.crt";

    private final CaLayout layout;
    private final CaSettings settings;
    private final StoreFiles files;
    private final StoreLock lock;
    private final X509Certificate caCert;
    private final PrivateKey caKey;
    private final boolean recovered;
    private CaIndex index;

    private CaStore(CaLayout layout, CaSettings settings, StoreFiles files, StoreLock lock, X509Certificate caCert,
            PrivateKey caKey, CaIndex index, boolean recovered) {
        this.layout = layout;
        this.settings = settings;
        this.files = files;
        this.lock = lock;
        this.caCert = caCert;
        this.caKey = caKey;
        this.index = index;
        this.recovered = recovered;
    }

    // ---------------------------------------------------------------- creating and opening

    /**
     * Creates a CA in {@code dir} (created if missing) with a self-signed root and an empty CRL.
     *
     * @param subject the root's DN in certificate order, e.g. {@code "C=JP, ST=Tokyo, O=Example, CN=Example Root CA"}
     * @param passphrase encrypts the CA key at rest; at least {@value #MIN_PASSPHRASE_LENGTH} characters
     * @throws CaException for bad input, an existing CA, or a directory that cannot be written; nothing is left behind
     */
    public static CaStore init(Path dir, String subject, KeySpec key, int days, char[] passphrase) throws CaException {
        return init(dir, subject, key, days, passphrase, CaSettings.defaults());
    }

    public static CaStore init(Path dir, String subject, KeySpec key, int days, char[] passphrase, CaSettings settings)
            throws CaException {
        return init(dir, subject, key, days, passphrase, settings, CrashHook.NONE, CA_KEY_ITERATIONS);
    }

    /** Tests pass a low {@code keyIterations} so that every open does not spend 100,000 PBKDF2 rounds. */
    static CaStore init(Path dir, String subject, KeySpec key, int days, char[] passphrase, CaSettings settings,
            CrashHook hook, int keyIterations) throws CaException {
        Objects.requireNonNull(key, "key");
        X500Name subjectName = checkInit(dir, subject, days);
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE_LENGTH) {
            throw new CaException("the CA passphrase must have at least " + MIN_PASSPHRASE_LENGTH + " characters");
        }
        CaLayout layout = new CaLayout(dir.toAbsolutePath().normalize());
        Path root = layout.dir();
        List<Path> createdDirs = new ArrayList<>();
        StoreLock lock = null;
        try {
            createDirectoryChain(root, createdDirs);
            lock = StoreLock.acquire(layout, settings.lockWait(), false);
            StoreFiles files = new StoreFiles(root, hook);
            files.recover();
            if (holdsStore(layout)) {
                throw new CaException("a CA already exists in " + root + "; refusing to overwrite it");
            }
            Instant now = now(settings);
            SecureRandom random = settings.random();
            KeyPair keys = key.generate(random);
            BigInteger serial = newSerial(random, null);
            Instant notAfter = now.plus(days, ChronoUnit.DAYS);
            X509Certificate cert = Signer.selfSigned(subjectName, keys, serial, now.minus(BACKDATE), notAfter, random);
            IndexEntry entry = new IndexEntry(serial, CertKind.CA, Names.cnOf(subjectName), Optional.empty(),
                    cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), Optional.empty());
            CaIndex index = new CaIndex(BigInteger.ONE, DEFAULT_CRL_DAYS, List.of(entry));
            X509CRL crl = new Signer(cert, keys.getPrivate(), random)
                    .crl(index.crlNumber(), now, now.plus(DEFAULT_CRL_DAYS, ChronoUnit.DAYS), index.entries());
            List<Journal.Write> writes = new ArrayList<>();
            writes.add(new Journal.Write(CaLayout.CA_KEY, StoreFiles.PRIVATE_FILE,
                    Signer.encryptedKeyPem(keys.getPrivate(), passphrase, keyIterations, random)));
            writes.add(new Journal.Write(CaLayout.CA_CERT, StoreFiles.PUBLIC_FILE, Signer.pem(cert)));
            writes.add(new Journal.Write(CaLayout.archivedCertificatePath(serial), StoreFiles.PUBLIC_FILE, Signer.pem(cert)));
            writes.addAll(crlWrites(crl));
            writes.add(indexWrite(index));
            files.commit(writes);
            return new CaStore(layout, settings, files, lock, cert, keys.getPrivate(), index, false);
        } catch (CaException | RuntimeException e) {
            // Undo what this attempt created, so a refused init leaves nothing behind. After the
            // commit point the journal exists, holdsStore() is true, and the CA is kept.
            if (lock != null) {
                lock.release();
                if (!holdsStore(layout)) {
                    deleteQuietly(layout.lockFile());
                }
            }
            if (!holdsStore(layout)) {
                for (Path p : createdDirs.reversed()) {
                    deleteQuietly(p);
                }
            }
            throw e;
        } catch (Error e) {
            if (lock != null) {
                lock.release(); // no store object is returned to release it later
            }
            throw e;
        }
    }

    /**
     * Checks {@link #init}'s arguments without writing anything, so a command can refuse bad input
     * before asking for a passphrase: the DN, the validity, and that {@code dir} holds no CA yet.
     */
    public static void validateInit(Path dir, String subject, int days) throws CaException {
        checkInit(dir, subject, days);
    }

    private static X500Name checkInit(Path dir, String subject, int days) throws CaException {
        X500Name subjectName = checked(() -> Names.parseDn(subject, true));
        checkDays(days);
        CaLayout layout = new CaLayout(dir.toAbsolutePath().normalize());
        if (Files.exists(layout.dir()) && !Files.isDirectory(layout.dir())) {
            throw new CaException(layout.dir() + " exists and is not a directory");
        }
        if (holdsStore(layout)) {
            throw new CaException("a CA already exists in " + layout.dir() + "; refusing to overwrite it");
        }
        requireDirectoryAncestor(layout.dir());
        return subjectName;
    }

    /**
     * Opens an existing CA, finishing any change a killed process left behind.
     *
     * @param passphrase the CA key's passphrase, or {@code null} to list and export only
     * @throws CaException for a missing or corrupt store, a wrong passphrase, or a busy lock
     */
    public static CaStore open(Path dir, char[] passphrase) throws CaException {
        return open(dir, passphrase, CaSettings.defaults());
    }

    public static CaStore open(Path dir, char[] passphrase, CaSettings settings) throws CaException {
        return open(dir, passphrase, settings, CrashHook.NONE);
    }

    static CaStore open(Path dir, char[] passphrase, CaSettings settings, CrashHook hook) throws CaException {
        CaLayout layout = new CaLayout(dir.toAbsolutePath().normalize());
        Path root = layout.dir();
        if (!Files.exists(root)) {
            throw new CaException("no CA at " + root + ": the directory does not exist (create one with certvpn ca init)");
        }
        if (!Files.isDirectory(root)) {
            throw new CaException("no CA at " + root + ": not a directory");
        }
        if (!holdsStore(layout)) {
            throw new CaException("no CA in " + root + ": it has no index.txt (create one with certvpn ca init)");
        }
        StoreLock lock = StoreLock.acquire(layout, settings.lockWait(), passphrase == null);
        try {
            StoreFiles files = new StoreFiles(root, hook);
            boolean recovered = false;
            if (lock.readOnly()) {
                if (files.hasJournal()) {
                    throw new CaException("the CA store " + root + " has an unfinished change and is read-only here; "
                            + "run a ca command with write access to finish it");
                }
            } else {
                recovered = files.recover();
            }
            X509Certificate cert = readCaCertificate(layout);
            CaIndex index = readIndex(layout);
            IndexEntry caEntry = index.find(cert.getSerialNumber()).orElse(null);
            if (caEntry == null || caEntry.kind() != CertKind.CA) {
                throw new CaException("corrupt CA store " + root + ": index.txt does not list the CA certificate " + IndexEntry.serialHex(cert.getSerialNumber()));
            }
            PrivateKey key = passphrase == null ? null : readCaKey(layout, cert, passphrase);
            CaStore store = new CaStore(layout, settings, files, lock, cert, key, index, recovered);
            lock = null;
            return store;
        } finally {
            if (lock != null) {
                lock.release();
            }
        }
    }

    // ---------------------------------------------------------------- issuing

    /**
     * Issues the gateway's certificate directly from the root and writes it, its encrypted key and the
     * key's passphrase where {@link CaLayout} says. A previous server certificate stays valid until revoked.
     */
    public IssuedServer issueServer(ServerRequest request) throws CaException {
        requireKey();
        String fqdn = checked(() -> Names.fqdn(request.fqdn()));
        var addresses = checked(() -> Names.ipAddresses(request.ipAddresses()));
        X500Name base = request.subject().isPresent()
                ? checked(() -> Names.parseServerSubjectBase(request.subject().get()))
                : caSubject();
        X500Name subject = Names.withCn(base, fqdn);
        checkDays(request.days());
        Instant now = now(settings);
        Validity validity = validity(now, request.days());
        SecureRandom random = settings.random();
        KeyPair keys = request.key().generate(random);
        BigInteger serial = newSerial(random, index);
        X509Certificate cert = signer().server(subject, keys.getPublic(), serial, validity.notBefore(), validity.notAfter(),
                fqdn, addresses);
        String keyPassphrase = randomText(random, 32, false);
        IndexEntry entry = entryFor(cert, CertKind.SERVER, fqdn, Optional.empty());
        CaIndex next = index.plus(entry);
        List<Journal.Write> writes = List.of(
                new Journal.Write(CaLayout.archivedCertificatePath(serial), StoreFiles.PUBLIC_FILE, Signer.pem(cert)),
                new Journal.Write(CaLayout.SERVER_PASS, StoreFiles.PRIVATE_FILE,
                        (keyPassphrase + "\n").getBytes(StandardCharsets.US_ASCII)),
                new Journal.Write(CaLayout.SERVER_KEY, StoreFiles.PRIVATE_FILE,
                        Signer.encryptedKeyPem(keys.getPrivate(), keyPassphrase.toCharArray(), SERVER_KEY_ITERATIONS, random)),
                new Journal.Write(CaLayout.SERVER_CERT, StoreFiles.PUBLIC_FILE, Signer.pem(cert)),
                indexWrite(next));
        files.commit(writes);
        index = next;
        return new IssuedServer(entry, cert, layout.serverCertificate(), layout.serverKey(), layout.serverKeyPassphrase());
    }

    /**
     * Issues a user's certificate and writes {@code clients/CN/CN[-DEVICE].p12} and {@code .crt}.
     * A user may hold one active certificate without a device name; more need {@code device}.
     */
    public IssuedClient issueClient(ClientRequest request) throws CaException {
        requireKey();
        String cn = checked(() -> Names.userName(request.cn()));
        Optional<String> device = checked(() -> Names.deviceName(request.device().orElse(null)));
        checkDays(request.days());
        if (request.p12Password().isPresent() && request.p12Password().get().isEmpty()) {
            throw new CaException("the .p12 password is empty");
        }
        Instant now = now(settings);
        refuseSecondActive(cn, device, now);
        Validity validity = validity(now, request.days());
        SecureRandom random = settings.random();
        KeyPair keys = request.key().generate(random);
        BigInteger serial = newSerial(random, index);
        X509Certificate cert = signer().client(Names.withCn(caSubject(), cn), keys.getPublic(), serial,
                validity.notBefore(), validity.notAfter());
        Optional<String> generated = request.p12Password().isPresent()
                ? Optional.empty()
                : Optional.of(randomText(random, 16, true));
        String password = request.p12Password().orElseGet(generated::get);
        String friendlyName = IndexEntry.serialHex(serial) + " " + cn;
        byte[] p12 = signer().pkcs12(keys.getPrivate(), cert, friendlyName, password.toCharArray(), request.profile());
        IndexEntry entry = entryFor(cert, CertKind.CLIENT, cn, device);
        CaIndex next = index.plus(entry);
        String base = CaLayout.clientBase(cn, device);
        List<Journal.Write> writes = List.of(
                new Journal.Write(CaLayout.archivedCertificatePath(serial), StoreFiles.PUBLIC_FILE, Signer.pem(cert)),
                new Journal.Write(base + ".crt", StoreFiles.PUBLIC_FILE, Signer.pem(cert)),
                new Journal.Write(base + ".p12", StoreFiles.PRIVATE_FILE, p12),
                indexWrite(next));
        files.commit(writes);
        index = next;
        return new IssuedClient(entry, cert, layout.clientP12(cn, device), layout.clientCertificate(cn, device),
                friendlyName, generated, request.profile());
    }

    private void refuseSecondActive(String cn, Optional<String> device, Instant now) throws CaException {
        List<IndexEntry> active = index.entries().stream()
                .filter(e -> e.kind() == CertKind.CLIENT && e.cn().equalsIgnoreCase(cn) && e.isActive(now))
                .toList();
        if (device.isEmpty() && !active.isEmpty()) {
            IndexEntry e = active.getFirst();
            throw new CaException(e.cn() + " already has an active certificate (serial " + e.serialHex()
                    + e.device().map(d -> ", device " + d).orElse("")
                    + "); name the new one with --device, or revoke the old one first");
        }
        if (device.isPresent()) {
            for (IndexEntry e : active) {
                if (e.device().map(d -> d.equalsIgnoreCase(device.get())).orElse(false)) {
                    throw new CaException(e.cn() + " already has an active certificate for device " + e.device().get()
                            + " (serial " + e.serialHex() + "); revoke it first or choose another device name");
                }
            }
        }
    }

    // ---------------------------------------------------------------- revoking and CRLs

    /** Revokes and writes a new CRL in the same transaction. */
    public RevokeResult revoke(RevokeTarget target, RevocationReason reason) throws CaException {
        requireKey();
        Objects.requireNonNull(reason, "reason");
        List<IndexEntry> targets = switch (target) {
            case RevokeTarget.BySerial s -> List.of(bySerial(s.serial()));
            case RevokeTarget.ByName n -> byName(n);
        };
        Instant now = now(settings);
        CaIndex next = index;
        List<IndexEntry> revoked = new ArrayList<>();
        for (IndexEntry e : targets) {
            IndexEntry r = e.revoked(now, reason);
            next = next.replace(r);
            revoked.add(r);
        }
        next = next.withCrl(index.crlNumber().add(BigInteger.ONE), index.crlDays());
        CrlInfo crl = writeCrl(next, now);
        return new RevokeResult(revoked, crl);
    }

    /** Writes a new CRL valid for {@code days}; later revocations keep that validity. */
    public CrlInfo generateCrl(int days) throws CaException {
        requireKey();
        if (days < 1 || days > 3650) {
            throw new CaException("CRL validity must be 1 to 3650 days, not " + days);
        }
        return writeCrl(index.withCrl(index.crlNumber().add(BigInteger.ONE), days), now(settings));
    }

    private CrlInfo writeCrl(CaIndex next, Instant now) throws CaException {
        Instant nextUpdate = now.plus(next.crlDays(), ChronoUnit.DAYS);
        X509CRL crl = signer().crl(next.crlNumber(), now, nextUpdate, next.entries());
        List<Journal.Write> writes = new ArrayList<>(crlWrites(crl));
        writes.add(indexWrite(next));
        files.commit(writes);
        index = next;
        int count = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
        return new CrlInfo(next.crlNumber(), now, nextUpdate, count, layout.crlPem(), layout.crlDer());
    }

    private IndexEntry bySerial(BigInteger serial) throws CaException {
        IndexEntry e = index.find(serial).orElseThrow(() ->
                new CaException("no certificate with serial " + IndexEntry.serialHex(serial) + " in this CA"));
        if (e.kind() == CertKind.CA) {
            throw new CaException("serial " + e.serialHex() + " is the CA certificate itself; it cannot be revoked");
        }
        if (e.isRevoked()) {
            throw new CaException("certificate " + e.serialHex() + " (" + e.cn() + ") was already revoked on "
                    + e.revocation().get().at());
        }
        return e;
    }

    private List<IndexEntry> byName(RevokeTarget.ByName n) throws CaException {
        String cn = checked(() -> Names.userName(n.cn()));
        Optional<String> device = checked(() -> Names.deviceName(n.device().orElse(null)));
        List<IndexEntry> user = index.entries().stream()
                .filter(e -> e.kind() == CertKind.CLIENT && e.cn().equalsIgnoreCase(cn) && !e.isRevoked())
                .toList();
        List<IndexEntry> matching = user.stream()
                .filter(e -> e.device().map(String::toLowerCase).equals(device.map(String::toLowerCase)))
                .toList();
        if (!matching.isEmpty()) {
            return matching;
        }
        if (device.isEmpty() && !user.isEmpty()) {
            String devices = user.stream().map(e -> e.device().orElse("?")).distinct().sorted().collect(Collectors.joining(", "));
            throw new CaException(cn + " has unrevoked certificates only for devices " + devices + "; add --device");
        }
        throw new CaException("no unrevoked certificate for CN " + cn + device.map(d -> " on device " + d).orElse("")
                + " in this CA");
    }

    // ---------------------------------------------------------------- reading

    /** Everything issued, in issue order, the CA first. */
    public List<IndexEntry> list() {
        return index.entries();
    }

    public X509Certificate caCertificate() {
        return caCert;
    }

    public CaLayout layout() {
        return layout;
    }

    /** The number of the CRL now on disk. */
    public BigInteger crlNumber() {
        return index.crlNumber();
    }

    /** The newest unrevoked server certificate, if any: its CN is the FQDN clients type. */
    public Optional<IndexEntry> currentServer() {
        return index.entries().stream()
                .filter(e -> e.kind() == CertKind.SERVER && !e.isRevoked())
                .max(Comparator.comparing(IndexEntry::notBefore));
    }

    /**
     * Reads the gateway's certificate and key (no CA passphrase needed: the key's passphrase lies
     * beside it). Reading through an open store means under its lock and after recovery, so the pair
     * is never caught halfway through {@code ca server} replacing it.
     *
     * @throws CaException when there is no server certificate yet, or the files do not belong together
     */
    public ServerCredentials serverCredentials() throws CaException {
        if (!Files.exists(layout.serverCertificate())) {
            throw new CaException("no server certificate in " + layout.dir() + " yet (issue one with certvpn ca server)");
        }
        try {
            X509Certificate cert = PkiFiles.readCertificate(layout.serverCertificate());
            PrivateKey key = layout.readServerKey();
            if (!matches(key, cert)) {
                throw new CaException("corrupt CA store " + layout.dir() + ": " + CaLayout.SERVER_KEY + " does not belong to "
                        + CaLayout.SERVER_CERT);
            }
            return new ServerCredentials(cert, key, caCert);
        } catch (PkiFileException e) {
            throw new CaException("corrupt CA store " + layout.dir() + ": " + e.getMessage());
        }
    }

    /** True when {@link #open} finished a change that a killed process had left in the journal. */
    public boolean recoveredInterruptedChange() {
        return recovered;
    }

    /** Writes the CA certificate as {@code ca.crt} (PEM) and {@code ca-der.crt} (DER) into {@code outDir}. */
    public ExportedCa exportCa(Path outDir) throws CaException {
        Path out = outDir.toAbsolutePath().normalize();
        requireDirectoryAncestor(out);
        try {
            Files.createDirectories(out); // ordinary mode: this is what gets handed out
            Path pem = out.resolve("ca.crt");
            Path der = out.resolve(DER_CA_NAME);
            StoreFiles.writeAtomically(pem, Signer.pem(caCert), StoreFiles.PUBLIC_FILE, CrashHook.NONE, "ca.crt");
            StoreFiles.writeAtomically(der, caCert.getEncoded(), StoreFiles.PUBLIC_FILE, CrashHook.NONE, DER_CA_NAME);
            return new ExportedCa(pem, der);
        } catch (IOException e) {
            throw new CaException("cannot write to " + out + ": " + StoreFiles.describe(e), e);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Releases the store's lock. */
    @Override
    public void close() {
        lock.release();
    }

    // ---------------------------------------------------------------- internals

    private record Validity(Instant notBefore, Instant notAfter) {}

    private Validity validity(Instant now, int days) throws CaException {
        Instant caEnd = caCert.getNotAfter().toInstant();
        if (!now.isBefore(caEnd)) {
            throw new CaException("the CA certificate expired on " + caEnd + "; create a new CA");
        }
        Instant notAfter = now.plus(days, ChronoUnit.DAYS);
        // A certificate may not outlive its issuer (RFC 5280 §6.1.3 checks each one in the path).
        return new Validity(now.minus(BACKDATE), notAfter.isAfter(caEnd) ? caEnd : notAfter);
    }

    private IndexEntry entryFor(X509Certificate cert, CertKind kind, String cn, Optional<String> device) {
        return new IndexEntry(cert.getSerialNumber(), kind, cn, device, cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant(), Optional.empty());
    }

    private Signer signer() {
        return new Signer(caCert, caKey, settings.random());
    }

    private X500Name caSubject() {
        return X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
    }

    private void requireKey() throws CaException {
        if (caKey == null) {
            throw new CaException("this operation signs and needs the CA passphrase");
        }
    }

    private static Instant now(CaSettings settings) {
        return settings.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static void checkDays(int days) throws CaException {
        if (days < 1 || days > MAX_DAYS) {
            throw new CaException("validity must be 1 to " + MAX_DAYS + " days, not " + days);
        }
    }

    /** A positive serial of exactly 128 bits (RFC 5280 §4.1.2.2 allows up to 20 octets), unused in the index. */
    private static BigInteger newSerial(SecureRandom random, CaIndex index) {
        while (true) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            b[0] |= (byte) 0x80;
            BigInteger serial = new BigInteger(1, b);
            if (index == null || !index.contains(serial)) {
                return serial;
            }
        }
    }

    /** Random text from an alphabet without look-alikes (no 0/o, 1/l), typed on phones; grouped by 4 if asked. */
    static String randomText(SecureRandom random, int length, boolean grouped) {
        StringBuilder sb = new StringBuilder(length + length / 4);
        for (int i = 0; i < length; i++) {
            if (grouped && i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return sb.toString();
    }

    private static List<Journal.Write> crlWrites(X509CRL crl) {
        try {
            return List.of(
                    new Journal.Write(CaLayout.CRL_DER, StoreFiles.PUBLIC_FILE, crl.getEncoded()),
                    new Journal.Write(CaLayout.CRL_PEM, StoreFiles.PUBLIC_FILE, Signer.pem(crl)));
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Journal.Write indexWrite(CaIndex index) {
        return new Journal.Write(CaLayout.INDEX, StoreFiles.PRIVATE_FILE, index.format());
    }

    private static boolean holdsStore(CaLayout layout) {
        return Files.exists(layout.index(), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(layout.journal(), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(layout.caCertificate(), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(layout.caKey(), LinkOption.NOFOLLOW_LINKS);
    }

    private static X509Certificate readCaCertificate(CaLayout layout) throws CaException {
        try {
            return PkiFiles.readCertificate(layout.caCertificate());
        } catch (PkiFileException e) {
            throw new CaException("corrupt CA store " + layout.dir() + ": " + e.getMessage());
        }
    }

    private static CaIndex readIndex(CaLayout layout) throws CaException {
        try {
            return CaIndex.parse(Files.readAllBytes(layout.index()));
        } catch (StoreFormatException e) {
            throw new CaException("corrupt CA store " + layout.dir() + ": index.txt " + e.getMessage());
        } catch (IOException e) {
            throw new CaException("corrupt CA store " + layout.dir() + ": cannot read index.txt: " + StoreFiles.describe(e));
        }
    }

    private static PrivateKey readCaKey(CaLayout layout, X509Certificate cert, char[] passphrase) throws CaException {
        if (!Files.isRegularFile(layout.caKey())) {
            throw new CaException("corrupt CA store " + layout.dir() + ": " + CaLayout.CA_KEY + " is missing");
        }
        PrivateKey key;
        try {
            key = KeySpec.toJdkKey(PkiFiles.readPrivateKey(layout.caKey(), passphrase));
        } catch (PkiFileException | IllegalArgumentException e) {
            if (e.getMessage().contains("wrong passphrase")) {
                throw new CaException("wrong CA passphrase for " + layout.dir());
            }
            throw new CaException("corrupt CA store " + layout.dir() + ": " + e.getMessage());
        }
        if (!matches(key, cert)) {
            throw new CaException("corrupt CA store " + layout.dir() + ": " + CaLayout.CA_KEY + " does not belong to ca.crt");
        }
        return key;
    }

    private static boolean matches(PrivateKey key, X509Certificate cert) {
        try {
            String alg = KeySpec.signatureAlgorithmFor(key.getAlgorithm());
            byte[] probe = "certvpn key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Refuses early, in words, a path below a regular file (the I/O error would only say "already exists"). */
    private static void requireDirectoryAncestor(Path dir) throws CaException {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p != null && !Files.isDirectory(p)) {
            throw new CaException("cannot create " + dir + ": " + p + " is not a directory");
        }
    }

    private static void createDirectoryChain(Path dir, List<Path> created) throws CaException {
        requireDirectoryAncestor(dir);
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.addFirst(p);
        }
        try {
            for (Path m : missing) {
                Files.createDirectory(m, StoreFiles.dirAttribute());
                created.add(m);
            }
        } catch (IOException e) {
            throw new CaException("cannot create " + dir + ": " + StoreFiles.describe(e), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort while undoing a failed init
        }
    }

    @FunctionalInterface
    private interface Check<T> {
        T get();
    }

    /** Runs an input check, turning its {@link IllegalArgumentException} into a {@link CaException}. */
    private static <T> T checked(Check<T> check) throws CaException {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new CaException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "CaStore[" + layout.dir() + ", " + index.entries().size() + " certificates, CRL "
                + index.crlNumber() + (caKey == null ? ", read-only" : "") + "]";
    }
}
