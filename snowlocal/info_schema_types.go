package snowlocal

import (
	"context"
	"strings"
)

// The declared types of the INFORMATION_SCHEMA views' columns, as the
// independent reference mlorek/frostlake measured them on a live account
// (engine/src/main/java/dev/frostlake/system/SystemViews.java): a name, a
// comment or a definition is "the VARCHAR the account's views declare with
// no length of their own, which SYSTEM$TYPEOF spells as the bare word
// VARCHAR (live-verified over TABLES, COLUMNS, SCHEMATA, DATABASES,
// VIEWS...)"; a YES/NO flag is "VARCHAR(3) on the account"; some texts
// are "declare[d] at a measured width" (TABLE_TYPE VARCHAR(134217728),
// CHECK_OPTION VARCHAR(4), IS_UPDATABLE VARCHAR(2)); a column "the
// account's view fills with a bare NULL (the SQL-standard placeholders)"
// is "VARCHAR(0) in the result metadata". A public table created from
// INFORMATION_SCHEMA.COLUMNS agrees (IS_NULLABLE VARCHAR(3), the names
// and COLUMN_DEFAULT VARCHAR(16777216), as a CTAS stops them). The semi
// typer (result_semitype.go) reads them, so a query's rowtype, a CTAS
// table and a view carry these lengths.
const (
	isName  = semiWidthless // col(...)
	isYesNo = "VARCHAR(3)"  // colYesNo(...)
	isNull  = "VARCHAR(0)"  // colNull(...)
	isWide  = "VARCHAR(134217728)"
	isOther = semiNonText // numbers
	// isTime is a creation or alteration time: "TIMESTAMP_LTZ(3) on the
	// account" (colLtz; info_schema_scale.go).
	isTime = semiMillisLTZ
)

var infoSchemaColumnTypes = map[string]map[string]string{
	"DATABASES": {
		"DATABASE_NAME": isName, "DATABASE_OWNER": isName, "IS_TRANSIENT": isYesNo, "COMMENT": isName,
		"CREATED": isTime, "LAST_ALTERED": isTime, "RETENTION_TIME": isOther, "TYPE": "VARCHAR(19)",
		"REPLICABLE_WITH_FAILOVER_GROUPS": isName, "OWNER_ROLE_TYPE": isName,
	},
	"SCHEMATA": {
		"CATALOG_NAME": isName, "SCHEMA_NAME": isName, "SCHEMA_OWNER": isWide, "IS_TRANSIENT": isYesNo,
		"IS_MANAGED_ACCESS": isYesNo, "RETENTION_TIME": isOther, "DEFAULT_CHARACTER_SET_CATALOG": isNull,
		"DEFAULT_CHARACTER_SET_SCHEMA": isNull, "DEFAULT_CHARACTER_SET_NAME": isNull, "SQL_PATH": isNull,
		"CREATED": isTime, "LAST_ALTERED": isTime, "COMMENT": isName, "REPLICABLE_WITH_FAILOVER_GROUPS": isWide,
		"OWNER_ROLE_TYPE": isWide,
	},
	"TABLES": {
		"TABLE_CATALOG": isName, "TABLE_SCHEMA": isName, "TABLE_NAME": isName, "TABLE_OWNER": isName,
		"TABLE_TYPE": isWide, "IS_TRANSIENT": isWide, "CLUSTERING_KEY": isWide, "ROW_COUNT": isOther,
		"BYTES": isOther, "RETENTION_TIME": isOther, "SELF_REFERENCING_COLUMN_NAME": isNull,
		"REFERENCE_GENERATION": isNull, "USER_DEFINED_TYPE_CATALOG": isNull, "USER_DEFINED_TYPE_SCHEMA": isNull,
		"USER_DEFINED_TYPE_NAME": isNull, "IS_INSERTABLE_INTO": isYesNo, "IS_TYPED": isYesNo, "COMMIT_ACTION": isNull,
		"CREATED": isTime, "LAST_ALTERED": isTime, "LAST_DDL": isTime, "LAST_DDL_BY": isName,
		"AUTO_CLUSTERING_ON": isYesNo, "COMMENT": isName, "IS_TEMPORARY": isYesNo, "IS_ICEBERG": isYesNo,
		"IS_DYNAMIC": isYesNo, "IS_IMMUTABLE": isYesNo, "IS_HYBRID": isYesNo, "ROW_TIMESTAMP_ON": isYesNo,
		"ERROR_LOGGING": isYesNo, "IS_INTERACTIVE": isYesNo,
	},
	"COLUMNS": {
		"TABLE_CATALOG": isName, "TABLE_SCHEMA": isName, "TABLE_NAME": isName, "COLUMN_NAME": isName,
		"ORDINAL_POSITION": isOther, "COLUMN_DEFAULT": isWide, "IS_NULLABLE": isYesNo, "DATA_TYPE": isName,
		"CHARACTER_MAXIMUM_LENGTH": isOther, "CHARACTER_OCTET_LENGTH": isOther, "NUMERIC_PRECISION": isOther,
		"NUMERIC_PRECISION_RADIX": isOther, "NUMERIC_SCALE": isOther, "DATETIME_PRECISION": isOther,
		"INTERVAL_TYPE": isNull, "INTERVAL_PRECISION": isOther, "CHARACTER_SET_CATALOG": isNull,
		"CHARACTER_SET_SCHEMA": isNull, "CHARACTER_SET_NAME": isNull, "COLLATION_CATALOG": isNull,
		"COLLATION_SCHEMA": isNull, "COLLATION_NAME": isName, "DOMAIN_CATALOG": isNull, "DOMAIN_SCHEMA": isNull,
		"DOMAIN_NAME": isNull, "UDT_CATALOG": isNull, "UDT_SCHEMA": isNull, "UDT_NAME": isNull,
		"SCOPE_CATALOG": isNull, "SCOPE_SCHEMA": isNull, "SCOPE_NAME": isNull, "MAXIMUM_CARDINALITY": isNull,
		"DTD_IDENTIFIER": isWide, "IS_SELF_REFERENCING": "VARCHAR(2)", "IS_IDENTITY": isYesNo,
		"IDENTITY_GENERATION": isWide, "IDENTITY_START": isOther, "IDENTITY_INCREMENT": isOther,
		"IDENTITY_MAXIMUM": isNull, "IDENTITY_MINIMUM": isNull, "IDENTITY_CYCLE": isWide, "IDENTITY_ORDERED": isWide,
		"SCHEMA_EVOLUTION_RECORD": isName, "DATA_TYPE_ALIAS": isName, "COMMENT": isName, "EXPRESSION": isName,
		"KIND": isWide,
	},
	"VIEWS": {
		"TABLE_CATALOG": isName, "TABLE_SCHEMA": isName, "TABLE_NAME": isName, "TABLE_OWNER": isName,
		"VIEW_DEFINITION": isName, "CHECK_OPTION": "VARCHAR(4)", "IS_UPDATABLE": "VARCHAR(2)",
		"INSERTABLE_INTO": "VARCHAR(2)", "IS_SECURE": isYesNo, "CREATED": isTime, "LAST_ALTERED": isTime,
		"LAST_DDL": isTime, "LAST_DDL_BY": isName, "COMMENT": isName,
	},
}

// infoSchemaSemiCols are the columns of INFORMATION_SCHEMA view view, in
// the engine's order, typed as infoSchemaColumnTypes declares them; ok is
// false for a view it does not type (the result then keeps the type's
// default lengths) or a column it does not list.
func (s *Session) infoSchemaSemiCols(ctx context.Context, view string) ([]semiCol, bool) {
	types, ok := infoSchemaColumnTypes[view]
	render, served := informationSchemaViews[view]
	if !ok || !served {
		return nil, false
	}
	// The view's columns, in order, do not depend on the catalog: read
	// once per engine from the view's SQL over no database.
	var names []string
	if v, ok := s.e.infoSchemaCols.Load(view); ok {
		names = v.([]string)
	} else {
		rows, err := s.conn.QueryContext(ctx, "SELECT * FROM "+render(s, "''")+" AS v LIMIT 0")
		if err != nil {
			return nil, false
		}
		names, err = rows.Columns()
		rows.Close()
		if err != nil {
			return nil, false
		}
		s.e.infoSchemaCols.Store(view, names)
	}
	if len(names) == 0 {
		return nil, false
	}
	out := make([]semiCol, 0, len(names))
	for _, n := range names {
		t, ok := types[strings.ToUpper(n)]
		if !ok {
			return nil, false
		}
		out = append(out, semiCol{strings.ToUpper(n), t})
	}
	return out, true
}
