package io.switchboard.runtime.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Reads PEM public keys ({@code BEGIN PUBLIC KEY}, RSA or EC) as JWKs whose key id is the file name
 * without {@code .pem}: a JWT with a {@code kid} header must name it; one without may use any.
 */
final class PemPublicKeys {
  private PemPublicKeys() {}

  static List<JWK> read(List<Path> files) {
    return files.stream().map(PemPublicKeys::read).toList();
  }

  private static JWK read(Path file) {
    String id = file.getFileName().toString().replaceFirst("\\.pem$", "");
    try {
      String pem = Files.readString(file);
      int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
      int end = pem.indexOf("-----END PUBLIC KEY-----");
      if (begin < 0 || end < begin) {
        throw new IllegalArgumentException(file + ": no 'BEGIN PUBLIC KEY' block");
      }
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 26, end));
      PublicKey key = key(der, file);
      if (key instanceof RSAPublicKey rsa) {
        return new RSAKey.Builder(rsa).keyID(id).build();
      }
      ECPublicKey ec = (ECPublicKey) key;
      return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(id).build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the JWT public key " + file + ": " + e, e);
    }
  }

  private static PublicKey key(byte[] der, Path file) {
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisOne) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(file + ": not an RSA or EC public key");
  }
}
