package snowlocal

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
)

// Secrets at rest. The catalog (the main DuckDB file, its WAL, and any
// backup of them) must not hold a stage's CREDENTIALS, an ENCRYPTION master
// key, a password hash or a statement text carrying any of them in plain
// text: a copied or leaked engine directory file would hand out cloud keys.
// Those values are sealed with AES-256-GCM under a key kept in its own file,
// secretKeyFile (0600, generated at first start), and opened only in memory
// when an object is read. An in-memory engine seals with a key that lives
// only as long as the engine.
//
// This protects the data files, not the running server: whoever runs as the
// server's user can read the key file too (Python bodies cannot, they are
// confined to the interpreter's files, see udfs/pyudtf).
const secretKeyFile = "secrets.key"

// sealedPrefix marks a sealed value; the version names the cipher and format.
const sealedPrefix = "flurry-sealed:v1:"

// secretBox seals and opens catalog secrets.
type secretBox struct{ aead cipher.AEAD }

// openSecrets loads the engine's secret key from dir, creating it (0600) on
// first start; dir "" gets a key for this process only.
func openSecrets(dir string) (*secretBox, error) {
	key := make([]byte, 32)
	if dir == "" {
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("engine secret key: %w", err)
		}
		return newSecretBox(key)
	}
	path := filepath.Join(dir, secretKeyFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		if _, err := rand.Read(key); err != nil {
			f.Close()
			os.Remove(path)
			return nil, fmt.Errorf("engine secret key: %w", err)
		}
		_, werr := f.Write(key)
		if werr == nil {
			werr = f.Sync()
		}
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(path)
			return nil, fmt.Errorf("write engine secret key %s: %w", path, werr)
		}
	case errors.Is(err, fs.ErrExist):
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read engine secret key: %w", err)
		}
		if len(b) != len(key) {
			return nil, fmt.Errorf("engine secret key %s: %d bytes, want %d (the file is damaged; the stage credentials sealed with it are lost)", path, len(b), len(key))
		}
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, fmt.Errorf("engine secret key %s: %w", path, err)
		}
		key = b
	default:
		return nil, fmt.Errorf("create engine secret key: %w", err)
	}
	return newSecretBox(key)
}

func newSecretBox(key []byte) (*secretBox, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &secretBox{aead: aead}, nil
}

// seal encrypts v; field binds the sealed value to where it is stored, so
// one field's ciphertext cannot be moved into another.
func (b *secretBox) seal(field, v string) string {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err)) // rand.Read does not fail on supported platforms
	}
	ct := b.aead.Seal(nonce, nonce, []byte(v), []byte(field))
	return sealedPrefix + base64.StdEncoding.EncodeToString(ct)
}

// open decrypts a sealed value; a value that is not sealed is returned as is
// (catalogs written before sealing, or values that need none).
func (b *secretBox) open(field, v string) (string, error) {
	rest, ok := strings.CutPrefix(v, sealedPrefix)
	if !ok {
		return v, nil
	}
	ct, err := base64.StdEncoding.DecodeString(rest)
	if err != nil || len(ct) < b.aead.NonceSize() {
		return "", fmt.Errorf("sealed %s: malformed", field)
	}
	n := b.aead.NonceSize()
	pt, err := b.aead.Open(nil, ct[:n], ct[n:], []byte(field))
	if err != nil {
		return "", fmt.Errorf("sealed %s: cannot decrypt with %s (was the key file replaced?): %w", field, secretKeyFile, err)
	}
	return string(pt), nil
}

// secretProp reports whether a catalog property holds a secret: named as
// one, or a value (a task's or pipe's statement, a COPY option list) that
// carries a secret-looking literal.
func secretProp(key, value string) bool {
	if value == "" {
		return false
	}
	u := strings.ToUpper(key)
	switch u {
	case "CREDENTIALS", "ENCRYPTION", "PASSWORD_HASH":
		return true
	}
	for _, w := range []string{"PASSWORD", "SECRET", "TOKEN", "CREDENTIAL", "PRIVATE_KEY", "MASTER_KEY"} {
		if strings.Contains(u, w) {
			return true
		}
	}
	return carriesSecret(value)
}

// carriesSecret reports whether SQL text has a literal the log redaction
// would hide (PASSWORD = '...', AWS_SECRET_KEY = '...').
func carriesSecret(text string) bool {
	return strings.ContainsAny(text, `'$`) && redactSQL(text) != text
}

// sealObject returns the object's properties and statement text as the
// catalog stores them: secrets sealed.
func (b *secretBox) sealObject(o Object) (map[string]string, string) {
	var props map[string]string
	for k, v := range o.Props {
		if strings.HasPrefix(v, sealedPrefix) || !secretProp(k, v) {
			continue
		}
		if props == nil {
			props = maps.Clone(o.Props)
		}
		props[k] = b.seal("PROPERTIES."+k, v)
	}
	if props == nil {
		props = o.Props
	}
	text := o.SQL
	if !strings.HasPrefix(text, sealedPrefix) && carriesSecret(text) {
		text = b.seal("SQL_TEXT", text)
	}
	return props, text
}

// needsSealing reports whether an object as stored holds a secret in plain text.
func needsSealing(props map[string]string, text string) bool {
	for k, v := range props {
		if !strings.HasPrefix(v, sealedPrefix) && secretProp(k, v) {
			return true
		}
	}
	return !strings.HasPrefix(text, sealedPrefix) && carriesSecret(text)
}

// openObject decrypts the sealed values of an object read from the catalog.
func (b *secretBox) openObject(o *Object) error {
	for k, v := range o.Props {
		if !strings.HasPrefix(v, sealedPrefix) {
			continue
		}
		pt, err := b.open("PROPERTIES."+k, v)
		if err != nil {
			return fmt.Errorf("%s %s: %w", o.Kind, o.Name, err)
		}
		o.Props[k] = pt
	}
	pt, err := b.open("SQL_TEXT", o.SQL)
	if err != nil {
		return fmt.Errorf("%s %s: %w", o.Kind, o.Name, err)
	}
	o.SQL = pt
	return nil
}

// sealCatalog seals the secrets a catalog written before sealing existed
// holds in plain text (objects already sealed are left as they are).
func (e *Engine) sealCatalog(ctx context.Context) error {
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT KIND, DATABASE_NAME, SCHEMA_NAME, NAME, CAST(PROPERTIES AS VARCHAR), SQL_TEXT FROM `+e.meta+`.OBJECTS`)
	if err != nil {
		return fmt.Errorf("seal catalog secrets: %w", err)
	}
	type key struct{ kind, db, schema, name string }
	var plain []key
	for rows.Next() {
		var k key
		var props, text sql.NullString
		if err := rows.Scan(&k.kind, &k.db, &k.schema, &k.name, &props, &text); err != nil {
			rows.Close()
			return fmt.Errorf("seal catalog secrets: %w", err)
		}
		var m map[string]string
		if props.Valid {
			_ = json.Unmarshal([]byte(props.String), &m) // queryObjects reports malformed properties
		}
		if needsSealing(m, text.String) {
			plain = append(plain, k)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("seal catalog secrets: %w", err)
	}
	for _, k := range plain {
		o, ok, err := e.GetObject(ctx, k.kind, k.db, k.schema, k.name)
		if err != nil || !ok {
			return fmt.Errorf("seal secrets of %s %s: %v", k.kind, k.name, err)
		}
		if err := e.PutObject(ctx, o); err != nil {
			return fmt.Errorf("seal secrets of %s %s: %w", k.kind, k.name, err)
		}
	}
	return nil
}
