package snowlocal_test

import (
	"strings"
	"testing"
)

// TestCollateColumn: columns declared with a collation, as the collation
// page (https://docs.snowflake.com/en/sql-reference/collation, "Collation
// examples") and the COLLATE, COLLATION, REVERSE and LISTAGG pages show
// them: a comparison of the column follows its collation ('es': ñ is not
// Ñ, nor n) unless a COLLATE of an operand outranks it, ORDER BY the column
// sorts by it (Pinatubo (Mount), pint, Pinta, piña colada, piñata under
// 'es'), COLLATION() names it (NULL for COLLATE ”), DESC TABLE shows
// VARCHAR(16777216) COLLATE 'fr'. Where the collated value would be carried
// further (GROUP BY, DISTINCT, a function, a subquery, a view, CTAS, an
// ORDER BY position or alias, a join USING it or NATURAL, which DuckDB
// would compare by code point), or where no documented output exists (SHOW
// COLUMNS, GET_DDL, INFORMATION_SCHEMA.COLUMNS' COLLATION_NAME), it is
// refused.
func TestCollateColumn(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database cc",
		"create table collation1 (v varchar collate 'es')",
		"insert into collation1 (v) values ('ñ')",
		"create table collation_demo (uncollated_phrase varchar, utf8_phrase varchar collate 'utf8', english_phrase varchar collate 'en', spanish_phrase varchar collate 'es')",
		"insert into collation_demo values ('pinata', 'pinata', 'pinata', 'piñata')",
		"insert into collation_demo (spanish_phrase) values ('piña colada'), ('Pinatubo (Mount)'), ('pint'), ('Pinta')",
		"create table collation_demo2 (c1 varchar collate 'fr', c2 varchar collate '')",
		"insert into collation_demo2 values ('a', 'a'), ('b', 'b')",
		"create table strings (s1 varchar collate 'en', s2 varchar collate 'hu')",
		"insert into strings (s1, s2) values ('dzsa', collate('dzsa', 'hu'))")
	for q, want := range map[string]string{
		"select collation(v) from collation1":                                                                             "es",
		"select collation(collate(v, 'es-ci')) from collation1":                                                           "es-ci",
		"select iff(v = 'Ñ', 'eq', 'ne') from collation1":                                                                 "ne",
		"select iff(collate(v, 'es-ci') = 'Ñ', 'eq', 'ne') from collation1":                                               "eq",
		"select count(*) from collation_demo where spanish_phrase = uncollated_phrase":                                    "0",
		"select count(*) from collation_demo where english_phrase = 'PINATA'":                                             "0",
		"select count(*) from collation_demo where english_phrase collate 'en-ci' = 'PINATA'":                             "1",
		"select listagg(spanish_phrase, '|') within group (order by spanish_phrase) from collation_demo":                  "Pinatubo (Mount)|pint|Pinta|piña colada|piñata",
		"select listagg(spanish_phrase, '|') within group (order by collate(spanish_phrase, 'utf8')) from collation_demo": "Pinatubo (Mount)|Pinta|pint|piña colada|piñata",
		"select reverse(s2) from strings":                                                                                 "aszd",
	} {
		var got string
		if err := db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", q, got, err, want)
		}
	}
	var ordered []string
	rows, err := db.Query("select spanish_phrase from collation_demo order by spanish_phrase")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		ordered = append(ordered, s)
	}
	rows.Close()
	if got := strings.Join(ordered, ","); got != "Pinatubo (Mount),pint,Pinta,piña colada,piñata" {
		t.Errorf("order by spanish_phrase = %s", got)
	}
	var c1, c2 any
	if err := db.QueryRow("select distinct collation(c1), collation(c2) from collation_demo2").Scan(&c1, &c2); err != nil || c1 != "fr" || c2 != nil {
		t.Errorf("collation(c1), collation(c2) = %v, %v (%v), want fr, NULL", c1, c2, err)
	}
	_, desc := queryRows(t, db, "desc table collation_demo2")
	if len(desc) != 2 || desc[0][1] != "VARCHAR(16777216) COLLATE 'fr'" || desc[1][1] != "VARCHAR(16777216)" {
		t.Errorf("desc table collation_demo2 = %q", desc)
	}
	for q, part := range map[string]string{
		"select spanish_phrase from collation_demo group by spanish_phrase":                          "collation 'es' in this form",
		"select distinct spanish_phrase from collation_demo":                                         "collation 'es' in this form",
		"select length(spanish_phrase) from collation_demo":                                          "collation 'es' in this form",
		"select spanish_phrase from collation_demo order by 1":                                       "collation 'es' in this form",
		"select spanish_phrase p from collation_demo order by p":                                     "collation 'es' in this form",
		"select * from (select spanish_phrase from collation_demo) where spanish_phrase = 'x'":       "collation 'es' in this form",
		"select * from (select * from collation_demo)":                                               "* of a table with a collated column",
		"create view vw as select spanish_phrase from collation_demo":                                "collation 'es' in this form",
		"create table ctas as select * from collation_demo":                                          "* of a table with a collated column",
		"select count(*) from collation_demo where spanish_phrase like 'p%'":                         "collation 'es' in this form",
		"select count(*) from collation_demo where spanish_phrase = english_phrase":                  "incompatible collations 'es' and 'en'",
		"select count(*) from collation_demo2 where exists (select 1 from collation1 where v = c1)":  "cannot resolve",
		"select count(*) from collation_demo where spanish_phrase = english_phrase collate ''":       "COLLATE ''",
		"insert into strings (s1, s2) values ('dzsa', collate('dzsa', 'en'))":                        "COLLATE",
		"show columns in table collation_demo2":                                                      "SHOW COLUMNS of column C1",
		"select get_ddl('table', 'collation_demo2')":                                                 "GET_DDL of a table with a column with a collation",
		"select collation_name from information_schema.columns where table_name = 'COLLATION_DEMO2'": "COLLATION_NAME of column C1",
		"select count(*) from collation_demo a join collation_demo b using (spanish_phrase)":         "JOIN ... USING a column with a collation",
		"select count(*) from collation1 natural join collation_demo":                                "NATURAL JOIN",
		"create table bad (v varchar collate 'fr-pi')":                                               "COLLATE 'fr-pi'",
	} {
		wantRefused(t, db, q, part)
	}
}
