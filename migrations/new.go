package migrations

import (
	"fmt"
	"os"
	"path/filepath"
)

// NewScript creates the next versioned script in dir (which must be a
// directory on disk) and returns its path.
func NewScript(dir, description string) (string, error) {
	scripts, err := Load(os.DirFS(dir))
	if err != nil {
		return "", err
	}
	name, err := NextVersionedName(scripts, description)
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, name)
	body := fmt.Sprintf(`-- %s
--
-- Statements run one by one, in order, in a session of their own. Snowflake
-- DDL is not transactional: write statements that can be re-run
-- (CREATE ... IF NOT EXISTS, CREATE OR REPLACE) so that a fix-and-retry
-- after a failure is safe. This file is a Go text/template: write .name in
-- double braces for a variable, ident .name for an identifier, literal .name
-- for a quoted string. A script with no statement fails validation.

`, name)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", fmt.Errorf("migrate new: %w", err)
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return "", fmt.Errorf("migrate new: %w", err)
	}
	return p, f.Close()
}
