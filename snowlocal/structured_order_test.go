package snowlocal_test

import "testing"

// TestStructuredObjectFieldOrder: a structured OBJECT prints its fields in
// its type's order, not sorted as a semi-structured OBJECT's keys are
// (docs: data-types-structured, "the order of the key-value pairs": the
// cast to OBJECT(state VARCHAR, city VARCHAR) prints "state" first;
// object_pick prints OBJECT(state VARCHAR, city VARCHAR) the same way).
// OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*) prints its keys sorted (docs:
// object_construct_keep_null_structured). The column is an OBJECT (docs:
// "Accessing structured types in applications using drivers"). The engine
// refused each before.
func TestStructuredObjectFieldOrder(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d",
		"CREATE OR REPLACE TABLE demo_table_structured (province VARCHAR, created_date DATE)",
		"INSERT INTO demo_table_structured (province, created_date) VALUES ('Manitoba', '2024-01-18'::DATE), ('Alberta', '2024-01-19'::DATE)")
	for q, want := range map[string]string{
		`SELECT CAST({'city': 'San Mateo','state': 'CA'}::OBJECT(city VARCHAR, state VARCHAR)
		   AS OBJECT(state VARCHAR, city VARCHAR)) AS object_value_order`: "{\n  \"state\": \"CA\",\n  \"city\": \"San Mateo\"\n}",
		`SELECT OBJECT_PICK({'city':'San Mateo','state':'CA','zip_code':94402}::OBJECT(city VARCHAR,state VARCHAR,zip_code DOUBLE),
		   'state', 'city') AS new_object, SYSTEM$TYPEOF(new_object)`: "{\n  \"state\": \"CA\",\n  \"city\": \"San Mateo\"\n},OBJECT(state VARCHAR, city VARCHAR)[LOB]",
		`SELECT OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*) AS oc FROM demo_table_structured ORDER BY oc['PROVINCE']`: "{\n  \"CREATED_DATE\": \"2024-01-19\",\n  \"PROVINCE\": \"Alberta\"\n}|" +
			"{\n  \"CREATED_DATE\": \"2024-01-18\",\n  \"PROVINCE\": \"Manitoba\"\n}",
	} {
		_, rows := queryRows(t, db, q)
		if got := fmtRows(rows); got != want {
			t.Errorf("%s:\n got %q\nwant %q", q, got, want)
		}
	}
	// Its fields' order is inferred from that print: what reads them by
	// position is refused.
	wantRefused(t, db, `SELECT OBJECT_DELETE(OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*), 'PROVINCE') FROM demo_table_structured`, "its fields' order is not documented")
	r, err := db.Query(`SELECT 1 AS n, CAST({'city': 'San Mateo','state': 'CA'}::OBJECT(city VARCHAR, state VARCHAR) AS OBJECT(state VARCHAR, city VARCHAR)) AS o`)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cts, err := r.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	if got := cts[1].DatabaseTypeName(); got != "OBJECT" {
		t.Errorf("column type: got %s, want OBJECT", got)
	}
}
