package io.switchboard.runtime.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The node's certificate and key, read from PEM files and read again by {@link #reload} when they
 * change: handshakes after a reload present the new certificate, connections already open keep
 * theirs. Each version has an alias of its own, so a handshake that straddles a reload still gets a
 * matching key and chain. A pair that does not match (a certificate replaced before its key) is
 * refused and the previous one stays in use.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private record Identity(String alias, X509Certificate[] chain, PrivateKey key, byte[] digest) {}

  private final Path certificate;
  private final Path privateKey;
  private volatile Identity current;
  private volatile Identity previous;
  private int generation;

  private ReloadingKeyManager(Path certificate, Path privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /** Reads {@code certificate} and {@code privateKey}; throws when they cannot be used. */
  static ReloadingKeyManager load(Path certificate, Path privateKey)
      throws IOException, GeneralSecurityException {
    ReloadingKeyManager manager = new ReloadingKeyManager(certificate, privateKey);
    manager.reload();
    return manager;
  }

  /**
   * Reads the files again: true when they changed and the new pair is in use, false when they are
   * unchanged; throws (keeping the pair in use) when they cannot be read or do not match.
   */
  synchronized boolean reload() throws IOException, GeneralSecurityException {
    byte[] certificateBytes = Files.readAllBytes(certificate);
    byte[] keyBytes = Files.readAllBytes(privateKey);
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update(certificateBytes);
    byte[] digest = sha256.digest(keyBytes);
    Identity now = current;
    if (now != null && Arrays.equals(now.digest(), digest)) {
      return false;
    }
    X509Certificate[] chain = PemFiles.certificates(certificate);
    PrivateKey key = PemFiles.privateKey(privateKey);
    requireMatch(chain[0], key);
    previous = now;
    current = new Identity("switchboard-" + (++generation), chain, key, digest);
    return true;
  }

  /** Returns the certificate presented to clients now. */
  X509Certificate certificate() {
    return current.chain()[0];
  }

  private void requireMatch(X509Certificate leaf, PrivateKey key) throws GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(leaf.getPublicKey());
    verifier.update(challenge);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException(
          privateKey + " is not the key of the first certificate in " + certificate);
    }
  }

  private Identity byAlias(String alias) {
    Identity now = current;
    if (now.alias().equals(alias)) {
      return now;
    }
    Identity before = previous;
    return before != null && before.alias().equals(alias) ? before : null;
  }

  private String aliasFor(String keyType) {
    Identity now = current;
    String algorithm = now.key().getAlgorithm();
    boolean fits =
        keyType == null
            || keyType.startsWith(algorithm)
            || ("RSA".equals(algorithm) && keyType.startsWith("RSASSA-PSS"));
    return fits ? now.alias() : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Identity identity = byAlias(alias);
    return identity == null ? null : identity.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Identity identity = byAlias(alias);
    return identity == null ? null : identity.key();
  }

  // A node's listeners are servers only.
  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }
}
