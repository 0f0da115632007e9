package snowlocal

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// A table's bytes (SHOW TABLES and SHOW OBJECTS bytes,
// INFORMATION_SCHEMA.TABLES.BYTES) are the engine's own measure of the
// table's data, as its creation times are its own. Snowflake defines the
// column as the "Number of bytes that will be scanned if the entire table is
// scanned in a query. Note that this number may be different from the number
// of actual physical bytes" (docs: SHOW TABLES, SHOW HYBRID TABLES output;
// "Number of bytes accessed by a scan of the table", INFORMATION_SCHEMA
// TABLES view): a property of its storage (compressed micro-partitions), not
// a function of the rows, which two accounts holding the same rows need not
// share. An empty table's is 0 (docs: CREATE TABLE, Examples: the empty
// tables EXAMPLE and MYTABLE list rows 0, bytes 0; the one-row MYTABLE
// 1024), and so is the engine's.
//
// The engine's measure is what a full scan reads in DuckDB's column
// vectors: every row takes a slot of each column's width (4 for an
// INTEGER, 8 for a BIGINT or a timestamp, 16 for a HUGEINT; DuckDB's
// 16-byte string slot for the other types: text, binary, semi-structured
// values and the engine's TIMESTAMP_TZ pair), and each value of those other
// types adds its length in bytes (of its text form for a nested DuckDB
// type). It depends on the rows
// alone (deterministic while they are unchanged, whatever DuckDB's own
// compression and checkpoints did), grows with them, and is 0 for a table
// without rows, a table whose rows were all deleted included: Snowflake's
// deleted rows are no longer "data in the table that can be queried" but
// Time Travel bytes (docs: TABLE_STORAGE_METRICS view), which a scan does
// not read.

// stringSlot is the size of DuckDB's string_t, the slot a text, binary or
// nested value takes in a column vector.
const stringSlot = 16

// columnWidth is the slot width of DuckDB type dt in a column vector, and
// whether its values also carry their own bytes (text, binary, JSON,
// nested types).
func columnWidth(dt string) (width int64, variable bool) {
	switch dt {
	case "BOOLEAN", "TINYINT", "UTINYINT":
		return 1, false
	case "SMALLINT", "USMALLINT":
		return 2, false
	case "INTEGER", "UINTEGER", "FLOAT", "DATE":
		return 4, false
	case "BIGINT", "UBIGINT", "DOUBLE", "TIME", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS",
		"TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ":
		return 8, false
	case "HUGEINT", "UHUGEINT", "INTERVAL", "UUID":
		return 16, false
	}
	if strings.HasPrefix(dt, "DECIMAL(") {
		p, err := strconv.Atoi(strings.TrimPrefix(strings.SplitN(dt, ",", 2)[0], "DECIMAL("))
		switch {
		case err != nil:
		case p <= 4:
			return 2, false
		case p <= 9:
			return 4, false
		case p <= 18:
			return 8, false
		default:
			return 16, false
		}
	}
	return stringSlot, true
}

// tableBytesSQL is the SQL expression of a table's bytes over its rows (an
// aggregate), given its columns' names and DuckDB types.
func tableBytesSQL(names, types []string) string {
	var fixed int64
	terms := []string{}
	for i, dt := range types {
		w, variable := columnWidth(dt)
		fixed += w
		if !variable {
			continue
		}
		col := quoteIdent(names[i])
		switch dt {
		case "VARCHAR", "JSON":
			terms = append(terms, "coalesce(sum(strlen("+col+")), 0)")
		case "BLOB":
			terms = append(terms, "coalesce(sum(octet_length("+col+")), 0)")
		default: // nested: the bytes of its text form
			terms = append(terms, "coalesce(sum(strlen(CAST("+col+" AS VARCHAR))), 0)")
		}
	}
	terms = append(terms, fmt.Sprintf("count(*) * %d", fixed))
	return "CAST(" + strings.Join(terms, " + ") + " AS BIGINT)"
}

// tableColumnTypes maps schema + "\x00" + table to the names and DuckDB types of the
// columns of every table of database db, in column order.
func (e *Engine) tableColumnTypes(ctx context.Context, db string) (map[string][2][]string, error) {
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT c.schema_name, c.table_name, c.column_name, c.data_type
		FROM duckdb_columns() c JOIN duckdb_tables() t ON t.database_name = c.database_name AND t.schema_name = c.schema_name AND t.table_name = c.table_name
		WHERE NOT c.internal AND c.database_name = ? ORDER BY c.schema_name, c.table_name, c.column_index`, db)
	if err != nil {
		return nil, duckError(err)
	}
	defer rows.Close()
	out := map[string][2][]string{}
	for rows.Next() {
		var schema, table, name, dt string
		if err := rows.Scan(&schema, &table, &name, &dt); err != nil {
			return nil, err
		}
		k := schema + "\x00" + table
		c := out[k]
		c[0], c[1] = append(c[0], name), append(c[1], dt)
		out[k] = c
	}
	return out, rows.Err()
}

// tableSize is a table's exact row count (DuckDB's estimated_size still
// counts deleted rows) and its bytes, in one scan; cols are its columns'
// names and DuckDB types (tableColumnTypes).
func (e *Engine) tableSize(ctx context.Context, db, schema, name string, cols [2][]string) (rows, bytes int64, err error) {
	err = e.db.QueryRowContext(ctx, `SELECT count(*), `+tableBytesSQL(cols[0], cols[1])+` FROM `+
		quoteIdent(db)+"."+quoteIdent(schema)+"."+quoteIdent(name)).Scan(&rows, &bytes)
	if err != nil {
		return 0, 0, duckError(err)
	}
	return rows, bytes, nil
}

// tableSizes measures the tables of a listing, reading each database's
// column types once.
type tableSizes struct {
	e     *Engine
	types map[string]map[string][2][]string // database → tableColumnTypes
}

func (ts *tableSizes) of(ctx context.Context, db, schema, name string) (rows, bytes int64, err error) {
	if ts.types == nil {
		ts.types = map[string]map[string][2][]string{}
	}
	cols, ok := ts.types[db]
	if !ok {
		if cols, err = ts.e.tableColumnTypes(ctx, db); err != nil {
			return 0, 0, err
		}
		ts.types[db] = cols
	}
	return ts.e.tableSize(ctx, db, schema, name, cols[schema+"\x00"+name])
}
