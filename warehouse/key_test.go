package warehouse

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/youmark/pkcs8"
)

const testPassphrase = "correct horse battery staple"

var (
	testKeyOnce sync.Once
	testKeyVal  *rsa.PrivateKey
)

// testKey is one RSA key shared by the package's tests (generating 2048-bit
// keys is slow).
func testKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	testKeyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		testKeyVal = k
	})
	return testKeyVal
}

// keyPEMs encodes key in every format flurry reads.
type keyPEMs struct {
	pkcs1, pkcs8, encrypted []byte
}

func encodeKey(t testing.TB, key *rsa.PrivateKey, passphrase string) keyPEMs {
	t.Helper()
	p8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := pkcs8.MarshalPrivateKey(key, []byte(passphrase), nil)
	if err != nil {
		t.Fatal(err)
	}
	return keyPEMs{
		pkcs1:     pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}),
		pkcs8:     pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8}),
		encrypted: pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: enc}),
	}
}

func TestParsePrivateKey(t *testing.T) {
	t.Parallel()
	key := testKey(t)
	pems := encodeKey(t, key, testPassphrase)
	p8der, _ := x509.MarshalPKCS8PrivateKey(key)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	pubDER, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)

	tests := []struct {
		name       string
		data       []byte
		passphrase string
		wantErr    error  // errors.Is target
		wantMsg    string // substring of the error
	}{
		{name: "pkcs1", data: pems.pkcs1},
		{name: "pkcs8", data: pems.pkcs8},
		{name: "pkcs8 with surrounding whitespace", data: append(append([]byte("\n\n"), pems.pkcs8...), "\n  "...)},
		{name: "pkcs8 ignores passphrase", data: pems.pkcs8, passphrase: "unused"},
		{name: "encrypted pkcs8", data: pems.encrypted, passphrase: testPassphrase},
		{name: "base64 DER (gosnowflake privateKey)", data: []byte(base64.URLEncoding.EncodeToString(p8der))},
		{name: "base64 std DER", data: []byte(base64.StdEncoding.EncodeToString(p8der))},
		{name: "encrypted without passphrase", data: pems.encrypted, wantErr: ErrPassphraseRequired},
		{name: "encrypted with wrong passphrase", data: pems.encrypted, passphrase: "wrong", wantErr: ErrWrongPassphrase},
		{name: "empty", data: []byte("  \n"), wantMsg: "private key is empty"},
		{name: "garbage", data: []byte("not a key!"), wantMsg: "neither PEM"},
		{name: "public key", data: pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), wantMsg: "public half"},
		{name: "ecdsa key", data: pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}), wantMsg: "needs an RSA key"},
		{name: "corrupt pkcs1", data: pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte{1, 2, 3}}), wantMsg: "parse PKCS#1"},
		{name: "legacy encrypted pem", data: pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY",
			Headers: map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-256-CBC,00"}, Bytes: []byte{1}}),
			wantMsg: "openssl pkcs8 -topk8"},
		{name: "unknown block", data: pem.EncodeToMemory(&pem.Block{Type: "OPENSSH PRIVATE KEY", Bytes: []byte{1}}), wantMsg: "unexpected PEM block"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePrivateKey(tt.data, []byte(tt.passphrase))
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
			case tt.wantMsg != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantMsg)
				}
			case err != nil:
				t.Fatal(err)
			case !got.Equal(key):
				t.Fatal("parsed key differs from the original")
			}
		})
	}
}

// TestParsePrivateKeyOpenSSL reads keys made exactly as Snowflake's key-pair
// guide makes them (openssl genrsa | openssl pkcs8 -topk8 -v2 des3), and with AES.
func TestParsePrivateKeyOpenSSL(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed")
	}
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.pem")
	if out, err := exec.Command("openssl", "genrsa", "-out", plain, "2048").CombinedOutput(); err != nil {
		t.Fatalf("openssl genrsa: %v\n%s", err, out)
	}
	want, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	wantKey, err := ParsePrivateKey(want, nil)
	if err != nil {
		t.Fatalf("parse openssl genrsa output: %v", err)
	}
	for _, cipher := range []string{"des3", "aes-256-cbc"} {
		t.Run(cipher, func(t *testing.T) {
			out := filepath.Join(dir, cipher+".p8")
			cmd := exec.Command("openssl", "pkcs8", "-topk8", "-v2", cipher, "-inform", "PEM", "-in", plain,
				"-out", out, "-passout", "pass:"+testPassphrase)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("openssl pkcs8: %v\n%s", err, b)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParsePrivateKey(data, []byte(testPassphrase))
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(wantKey) {
				t.Fatal("decrypted key differs")
			}
			if _, err := ParsePrivateKey(data, []byte("nope")); !errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("wrong passphrase: err = %v, want ErrWrongPassphrase", err)
			}
		})
	}
}
