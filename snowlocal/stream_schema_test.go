package snowlocal_test

import (
	"database/sql"
	"testing"
)

// "Streams use the current table schema" (Introduction to streams): a
// column added after the stream was created is a column of the stream, NULL
// in rows inserted before it existed; rows consumed before stay consumed.
func TestStreamFollowsAddedColumn(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sa", "use schema sa.public",
		"create table stg (raw string)", "create stream stg_s on table stg",
		"create table sink (raw string)",
		"insert into stg values ('consumed')",
		"insert into sink select raw from stg_s",
		"insert into stg values ('before')",
		"alter table stg add column if not exists _filename string",
		"insert into stg values ('after', 'f.log')")
	rows, err := db.Query("select raw, _filename, metadata$action from stg_s order by raw")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type row struct {
		raw  string
		file sql.NullString
		act  string
	}
	var got []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.raw, &r.file, &r.act); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	want := []row{{"after", sql.NullString{String: "f.log", Valid: true}, "INSERT"}, {"before", sql.NullString{}, "INSERT"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("stream rows %+v, want %+v", got, want)
	}
}
