package output

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// COPY transformations in the Snowflake output.
//
// A plain COPY of a JSON file fills one VARIANT column. To record where
// and when a row was loaded, as the lake's pipes do, the COPY names the
// table's columns and selects them from the staged file ("Transforming data
// during a load"; "Querying metadata for staged files"):
//
//	copy_columns = "RAW_DATA, _FILENAME, _FILE_ROW_NUMBER, _LOADED_AT"
//	copy_select  = "$1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME"
//
// becomes
//
//	COPY INTO PARSEJSON_RAW (RAW_DATA, _FILENAME, _FILE_ROW_NUMBER, _LOADED_AT)
//	FROM (SELECT $1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME
//	      FROM @%PARSEJSON_RAW/teleport/2026/12/03)
//	FILES = ('teleport.events-h1-c1.json.gz') FILE_FORMAT = (FORMAT_NAME = JSON_FORMAT)

var columnRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_$]*|"[^"]+")$`)

// checkCopyTransform validates copy_columns and copy_select. The select
// list is the operator's SQL; it is checked only for what would break the
// statement around it (an empty item, a ';', a comment, unbalanced quotes
// or parentheses) and for one expression per column.
func checkCopyTransform(c SnowflakeConfig) error {
	if c.CopyColumns == "" && c.CopySelect == "" {
		return nil
	}
	if c.CopyInto == "" {
		return errors.New("snowflake output: copy_columns and copy_select need copy_into")
	}
	if c.CopyColumns == "" || c.CopySelect == "" {
		return errors.New("snowflake output: copy_columns and copy_select go together: the columns and the expressions that fill them pair up in order")
	}
	cols, err := splitList(c.CopyColumns)
	if err != nil {
		return fmt.Errorf("snowflake output: copy_columns %q: %w", c.CopyColumns, err)
	}
	exprs, err := splitList(c.CopySelect)
	if err != nil {
		return fmt.Errorf("snowflake output: copy_select %q: %w", c.CopySelect, err)
	}
	if len(cols) != len(exprs) {
		return fmt.Errorf("snowflake output: copy_columns names %d column(s) but copy_select has %d expression(s); they pair up in order", len(cols), len(exprs))
	}
	for _, col := range cols {
		if !columnRe.MatchString(col) {
			return fmt.Errorf("snowflake output: copy_columns: %q is not a column name", col)
		}
	}
	return nil
}

// splitList splits a SQL list at its top-level commas.
func splitList(list string) ([]string, error) {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(list); i++ {
		ch := list[i]
		if quote != 0 {
			if ch == quote {
				quote = 0
			}
			continue
		}
		switch {
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '(':
			depth++
		case ch == ')':
			if depth--; depth < 0 {
				return nil, errors.New("unbalanced parentheses")
			}
		case ch == ';':
			return nil, errors.New("';' would end the COPY statement")
		case strings.HasPrefix(list[i:], "--") || strings.HasPrefix(list[i:], "/*") || strings.HasPrefix(list[i:], "//"):
			return nil, errors.New("comments are not allowed")
		case ch == ',' && depth == 0:
			out = append(out, strings.TrimSpace(list[start:i]))
			start = i + 1
		}
	}
	if quote != 0 || depth != 0 {
		return nil, errors.New("unbalanced quotes or parentheses")
	}
	out = append(out, strings.TrimSpace(list[start:]))
	for _, item := range out {
		if item == "" {
			return nil, errors.New("empty item")
		}
	}
	return out, nil
}

// copyTarget is the COPY's table, with its column list for a transformation.
func (o *Snowflake) copyTarget() string {
	if o.cfg.CopyColumns == "" {
		return o.cfg.CopyInto
	}
	cols, _ := splitList(o.cfg.CopyColumns)
	return o.cfg.CopyInto + " (" + strings.Join(cols, ", ") + ")"
}

// copySource is the COPY's FROM: the stage location, or the transformation
// selecting from it.
func (o *Snowflake) copySource(location string) string {
	if o.cfg.CopySelect == "" {
		return location
	}
	exprs, _ := splitList(o.cfg.CopySelect)
	return "(SELECT " + strings.Join(exprs, ", ") + " FROM " + location + ")"
}
