package warehouse

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/youmark/pkcs8"
)

// Errors ParsePrivateKey returns for passphrase problems, so that callers can
// prompt for a passphrase or name the source of a wrong one.
var (
	ErrPassphraseRequired = errors.New("private key is encrypted and no passphrase was given")
	ErrWrongPassphrase    = errors.New("wrong passphrase for encrypted private key")
)

// ParsePrivateKey parses an RSA private key for Snowflake key-pair (JWT)
// authentication. It accepts what `openssl genrsa` and `openssl pkcs8` write
// and what Snowflake's key-pair guide produces:
//
//   - PEM "RSA PRIVATE KEY" (PKCS#1),
//   - PEM "PRIVATE KEY" (unencrypted PKCS#8),
//   - PEM "ENCRYPTED PRIVATE KEY" (PKCS#8 with PBES2: PBKDF2 or scrypt, AES or 3DES), which needs passphrase,
//   - base64 DER of an unencrypted PKCS#8 key (gosnowflake's privateKey DSN parameter).
//
// A passphrase given for an unencrypted key is ignored.
func ParsePrivateKey(data []byte, passphrase []byte) (*rsa.PrivateKey, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, errors.New("private key is empty")
	}
	block, _ := pem.Decode(data)
	if block == nil {
		der, err := decodeBase64(string(data))
		if err != nil {
			return nil, errors.New("private key is neither PEM (-----BEGIN ... PRIVATE KEY-----) nor base64 DER")
		}
		return parsePKCS8RSA(der)
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		if _, encrypted := block.Headers["DEK-Info"]; encrypted {
			// Legacy OpenSSL PEM encryption is insecure and deprecated in Go; Snowflake documents PKCS#8.
			return nil, errors.New("legacy encrypted PEM (Proc-Type: 4,ENCRYPTED) is not supported: " +
				"convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.pem -out rsa_key.p8`")
		}
		key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse PKCS#1 RSA private key: %w", err)
		}
		return key, nil
	case "PRIVATE KEY":
		return parsePKCS8RSA(block.Bytes)
	case "ENCRYPTED PRIVATE KEY":
		if len(passphrase) == 0 {
			return nil, ErrPassphraseRequired
		}
		key, err := pkcs8.ParsePKCS8PrivateKey(block.Bytes, passphrase)
		if err != nil {
			// The library reports a wrong passphrase as decrypted bytes that are not
			// a PKCS#8 structure; it has no exported error value for it.
			if strings.Contains(err.Error(), "incorrect password") {
				return nil, ErrWrongPassphrase
			}
			return nil, fmt.Errorf("decrypt PKCS#8 private key: %w", err)
		}
		rsaKey, ok := key.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("private key is %T; Snowflake key-pair authentication needs an RSA key", key)
		}
		return rsaKey, nil
	case "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE":
		return nil, fmt.Errorf("found a PEM %q block: this is the public half; flurry needs the private key (rsa_key.p8)", block.Type)
	default:
		return nil, fmt.Errorf("unexpected PEM block %q: want RSA PRIVATE KEY, PRIVATE KEY or ENCRYPTED PRIVATE KEY", block.Type)
	}
}

func parsePKCS8RSA(der []byte) (*rsa.PrivateKey, error) {
	key, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("parse PKCS#8 private key: %w", err)
	}
	rsaKey, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("private key is %T; Snowflake key-pair authentication needs an RSA key", key)
	}
	return rsaKey, nil
}

func decodeBase64(s string) ([]byte, error) {
	s = strings.Join(strings.Fields(s), "")
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}
