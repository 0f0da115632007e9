package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// integrationSettable are the properties ALTER STORAGE INTEGRATION ... SET
// takes (Snowflake's reference for ALTER STORAGE INTEGRATION): everything a
// CREATE may say except TYPE and STORAGE_PROVIDER.
var integrationSettable = map[string]bool{
	"ENABLED": true, "STORAGE_ALLOWED_LOCATIONS": true, "STORAGE_BLOCKED_LOCATIONS": true, "COMMENT": true,
	"STORAGE_AWS_ROLE_ARN": true, "STORAGE_AWS_OBJECT_ACL": true, "STORAGE_AWS_EXTERNAL_ID": true,
	"USE_PRIVATELINK_ENDPOINT": true, "AZURE_TENANT_ID": true,
}

// integrationUnsettable are the optional properties ALTER ... UNSET resets:
// a CREATE OR REPLACE that omits one means it should be gone.
var integrationUnsettable = []string{"STORAGE_BLOCKED_LOCATIONS", "COMMENT"}

type property struct{ key, value string }

// parseProperties reads `KEY = value` pairs, a value being one token or a
// parenthesized list, as CREATE STORAGE INTEGRATION writes them.
func parseProperties(text string) ([]property, error) {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return nil, err
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() && !t.IsOp(";") {
			sig = append(sig, t)
		}
	}
	var out []property
	for i := 0; i < len(sig); {
		if sig[i].Kind != sqllex.Word || i+2 >= len(sig) || !sig[i+1].IsOp("=") {
			return nil, fmt.Errorf("cannot read the integration's properties at %q", sig[i].Text)
		}
		key := strings.ToUpper(sig[i].Text)
		j := i + 2
		start := sig[j].Pos
		end := sig[j].Pos + len(sig[j].Text)
		if sig[j].IsOp("(") {
			depth := 0
			for ; j < len(sig); j++ {
				if sig[j].IsOp("(") {
					depth++
				} else if sig[j].IsOp(")") {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if j == len(sig) {
				return nil, fmt.Errorf("unclosed ( in %s", key)
			}
			end = sig[j].Pos + len(sig[j].Text)
		}
		out = append(out, property{key, text[start:end]})
		i = j + 1
	}
	return out, nil
}

// alterIntegration turns a CREATE OR REPLACE STORAGE INTEGRATION of an
// integration that exists into the ALTER statements that give it the new
// definition while keeping its external ID. It fails, naming the property,
// when the definition changes what ALTER cannot change.
func alterIntegration(ctx context.Context, conn *sql.Conn, lc lifecycle) ([]string, error) {
	props, err := parseProperties(lc.rest)
	if err != nil {
		return nil, err
	}
	current, err := describeIntegration(ctx, conn, lc.name)
	if err != nil {
		return nil, err
	}
	var set []string
	given := map[string]bool{}
	for _, p := range props {
		given[p.key] = true
		switch {
		case p.key == "TYPE":
			if v := strings.ToUpper(strings.Trim(p.value, "'")); v != "EXTERNAL_STAGE" {
				return nil, fmt.Errorf("TYPE = %s cannot be changed with ALTER STORAGE INTEGRATION", p.value)
			}
		case p.key == "STORAGE_PROVIDER":
			want := strings.ToUpper(strings.Trim(p.value, "'"))
			if have := strings.ToUpper(current["STORAGE_PROVIDER"]); have != "" && have != want {
				return nil, fmt.Errorf("STORAGE_PROVIDER is %s and the script says %s: ALTER STORAGE INTEGRATION cannot change it", have, want)
			}
		case integrationSettable[p.key]:
			set = append(set, p.key+" = "+p.value)
		default:
			return nil, fmt.Errorf("%s cannot be changed with ALTER STORAGE INTEGRATION", p.key)
		}
	}
	var out []string
	if len(set) > 0 {
		out = append(out, "ALTER STORAGE INTEGRATION "+lc.name+" SET "+strings.Join(set, " "))
	}
	var unset []string
	for _, k := range integrationUnsettable {
		if v := current[k]; !given[k] && v != "" && v != "[]" {
			unset = append(unset, k)
		}
	}
	if len(unset) > 0 {
		out = append(out, "ALTER STORAGE INTEGRATION "+lc.name+" UNSET "+strings.Join(unset, ", "))
	}
	return out, nil
}

// describeIntegration returns DESC INTEGRATION's property values.
func describeIntegration(ctx context.Context, conn *sql.Conn, name string) (map[string]string, error) {
	rows, err := conn.QueryContext(ctx, "DESC INTEGRATION "+name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	prop, val := -1, -1
	for i, c := range cols {
		switch strings.ToLower(c) {
		case "property":
			prop = i
		case "property_value":
			val = i
		}
	}
	if prop < 0 || val < 0 {
		return nil, fmt.Errorf("DESC INTEGRATION %s: no property or property_value column", name)
	}
	out := map[string]string{}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out[strings.ToUpper(vals[prop].String)] = vals[val].String
	}
	return out, rows.Err()
}
