package snowlocal_test

import (
	"strings"
	"testing"
)

// TestInformationSchemaColumnLengths: the INFORMATION_SCHEMA views' text
// columns carry the lengths a live account declares, as the independent
// reference mlorek/frostlake measured them
// (engine/src/main/java/dev/frostlake/system/SystemViews.java): a name or
// comment the bare VARCHAR (reported 134217728, as every widthless text),
// a YES/NO flag VARCHAR(3), TABLE_TYPE VARCHAR(134217728), CHECK_OPTION
// VARCHAR(4), IS_UPDATABLE VARCHAR(2), DATABASES.TYPE VARCHAR(19), a NULL
// placeholder VARCHAR(0). A table created from them stops a widthless or
// 134217728-long text at VARCHAR(16777216) and keeps VARCHAR(3) (a
// public CTAS copy of COLUMNS agrees: IS_NULLABLE VARCHAR(3), COLUMN_NAME
// and COLUMN_DEFAULT VARCHAR(16777216)); one over a NULL placeholder,
// whose created type no source gives, is refused.
func TestInformationSchemaColumnLengths(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database isl_db", "create table t (a varchar(5) not null)", "create view v as select a from t")
	for _, tc := range []struct {
		q    string
		want []int64
	}{
		{"select table_name, table_type, is_typed, self_referencing_column_name, comment from information_schema.tables where table_schema = 'PUBLIC'",
			[]int64{134217728, 134217728, 3, 0, 134217728}},
		{"select table_name, view_definition, check_option, is_updatable, insertable_into, is_secure from information_schema.views where table_schema = 'PUBLIC'",
			[]int64{134217728, 134217728, 4, 2, 2, 3}},
		{"select column_name, is_nullable, data_type, column_default, is_self_referencing, kind from information_schema.columns where table_name = 'T'",
			[]int64{134217728, 3, 134217728, 134217728, 2, 134217728}},
		{"select catalog_name, schema_name, is_transient, sql_path from information_schema.schemata where schema_name = 'PUBLIC'",
			[]int64{134217728, 134217728, 3, 0}},
		{"select database_name, is_transient, type from information_schema.databases where database_name = 'ISL_DB'",
			[]int64{134217728, 3, 19}},
	} {
		if got := resultLengths(t, db, tc.q); !equalLengths(got, tc.want) { // result_length_test.go
			t.Errorf("%s: lengths %v, want %v", tc.q, got, tc.want)
		}
	}
	mustExec(t, db, "create table c as select column_name, is_nullable, column_default from information_schema.columns where table_name = 'T'")
	got := describeTypes(t, db, "describe table c")
	for c, w := range map[string]string{"COLUMN_NAME": "VARCHAR(16777216)", "IS_NULLABLE": "VARCHAR(3)", "COLUMN_DEFAULT": "VARCHAR(16777216)"} {
		if got[c] != w {
			t.Errorf("CTAS over COLUMNS: %s is %s, want %s", c, got[c], w)
		}
	}
	_, err := db.Exec("create table n as select table_name, self_referencing_column_name from information_schema.tables")
	if err == nil || !strings.Contains(err.Error(), "002040") || !strings.Contains(err.Error(), "SELF_REFERENCING_COLUMN_NAME") {
		t.Errorf("CTAS over a NULL placeholder: %v, want 002040 naming it", err)
	}
}
