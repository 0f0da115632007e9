// Package sigma compiles Sigma rules (https://sigmahq.io, specification
// v2) into Snowflake SQL detections over the lake's tables.
//
// A rule's detection section becomes a WHERE clause (Compile); the
// log-source mapping (mapping.go, mappings/*.yaml) says which table a
// rule's logsource lives in and which SQL expression each Sigma field
// names; Convert wraps both into a flurry detection file that keeps the
// rule's attribution (Detection Rule License 1.1).
package sigma

import (
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Rule is the part of a Sigma rule flurry uses.
type Rule struct {
	Title          string    `yaml:"title"`
	ID             string    `yaml:"id"`
	Status         string    `yaml:"status"`
	Description    string    `yaml:"description"`
	References     []string  `yaml:"references"`
	Author         string    `yaml:"author"`
	Date           string    `yaml:"date"`
	Modified       string    `yaml:"modified"`
	Tags           []string  `yaml:"tags"`
	LogSource      LogSource `yaml:"logsource"`
	Detection      yaml.Node `yaml:"detection"`
	Correlation    yaml.Node `yaml:"correlation"`
	FalsePositives []string  `yaml:"falsepositives"`
	Level          string    `yaml:"level"`
	License        string    `yaml:"license"`

	// Path is the file the rule came from.
	Path string `yaml:"-"`
}

// LogSource is a rule's logsource section.
type LogSource struct {
	Category string `yaml:"category"`
	Product  string `yaml:"product"`
	Service  string `yaml:"service"`
	// Definition says what the log source must record for the rule to work.
	Definition string `yaml:"definition"`
}

func (l LogSource) String() string {
	// The definition is commentary, not part of the identity.
	var parts []string
	for _, kv := range [][2]string{{"category", l.Category}, {"product", l.Product}, {"service", l.Service}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+": "+kv[1])
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// UnsupportedError says a rule uses a Sigma construct flurry cannot express
// in Snowflake SQL; Construct names it.
type UnsupportedError struct{ Construct string }

func (e *UnsupportedError) Error() string { return "unsupported construct: " + e.Construct }

func unsupported(construct string) error { return &UnsupportedError{Construct: construct} }

// IsUnsupported reports whether err is (or wraps) an UnsupportedError.
func IsUnsupported(err error) bool {
	var u *UnsupportedError
	return errors.As(err, &u)
}

// ParseRule parses one Sigma rule file. Multi-document files (rule
// collections with action: global) are refused as unsupported.
func ParseRule(path string, src []byte) (*Rule, error) {
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	var r Rule
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%s: not a Sigma rule: %w", path, err)
	}
	r.Path = path
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return &r, fmt.Errorf("%s: %w", path, unsupported("rule collection (several YAML documents)"))
	}
	if r.Correlation.Kind != 0 {
		return &r, fmt.Errorf("%s: %w", path, unsupported("correlation rule"))
	}
	if r.Title == "" {
		return &r, fmt.Errorf("%s: rule has no title", path)
	}
	if r.Detection.Kind != yaml.MappingNode {
		return &r, fmt.Errorf("%s: rule has no detection mapping", path)
	}
	return &r, nil
}
