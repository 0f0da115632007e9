package rewrite

import "testing"

// TestSampleRendering: a SAMPLE clause samples its FROM item in a derived
// table of its own (sample.go; docs:
// https://docs.snowflake.com/en/sql-reference/constructs/sample), keeping
// the item's name or alias.
func TestSampleRendering(t *testing.T) {
	t.Parallel()
	opts := testOpts
	opts.ColumnTypes = func(table string, cols []string) ([]string, []string, error) {
		return cols, []string{"BIGINT"}, nil // T has row ids
	}
	for _, c := range []struct{ in, want string }{
		{"select * from t sample (10)",
			"SELECT * FROM (WITH _sf_sampled AS MATERIALIZED (SELECT * FROM T WHERE random() < 0.1) SELECT * FROM _sf_sampled) AS T"},
		{"select a from db.s.t as x(a) tablesample bernoulli (20.3)",
			"SELECT A FROM (WITH _sf_sampled AS MATERIALIZED (SELECT * FROM DB.S.T WHERE random() < 0.203) SELECT * FROM _sf_sampled) AS X(A)"},
		{`select * from "My T" sample row (0)`,
			`SELECT * FROM (WITH _sf_sampled AS MATERIALIZED (SELECT * FROM "My T" WHERE random() < 0) SELECT * FROM _sf_sampled) AS "My T"`},
		// 3% of 2^53: the hash's top 53 bits fall below it with probability 0.03.
		{"select * from t sample system (3) seed (82)",
			"SELECT * FROM (SELECT * FROM T WHERE CAST(hash(82) >> 11 AS DOUBLE) < 2.7021597764222975e+14) AS T"},
		{"select * from t sample block (100) repeatable (007)",
			"SELECT * FROM (SELECT * FROM T WHERE CAST(hash(7) >> 11 AS DOUBLE) < 9.007199254740992e+15) AS T"},
		// SYSTEM without a seed: the table is one block, one draw.
		{"select * from t sample system (25)",
			"SELECT * FROM (WITH _sf_draw AS MATERIALIZED (SELECT random() < 0.25 AS keep) SELECT * FROM T WHERE (SELECT keep FROM _sf_draw)) AS T"},
		{"select * from t sample (10 rows)",
			"SELECT * FROM (SELECT * FROM T ORDER BY random() LIMIT 10) AS T"},
		{"select * from (select a from t) sample (50)",
			"SELECT * FROM (WITH _sf_sampled AS MATERIALIZED (SELECT * FROM (SELECT A FROM T) WHERE random() < 0.5) SELECT * FROM _sf_sampled)"},
		{"select * from (select a from t) s tablesample (2 rows)",
			"SELECT * FROM (SELECT * FROM (SELECT A FROM T) ORDER BY random() LIMIT 2) AS S"},
	} {
		got, err := Rewrite(c.in, opts)
		if err != nil || got != c.want {
			t.Errorf("Rewrite(%s)\n got: %s %v\nwant: %s", c.in, got, err, c.want)
		}
	}
}
