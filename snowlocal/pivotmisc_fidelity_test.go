package snowlocal_test

import (
	"database/sql"
	"strings"
	"testing"
)

// quarterlySales is the docs' PIVOT table (docs: PIVOT,
// https://docs.snowflake.com/en/sql-reference/constructs/pivot).
const quarterlySales = `CREATE OR REPLACE TABLE quarterly_sales(empid INT, amount INT, quarter TEXT)
  AS SELECT * FROM VALUES
    (1, 10000, '2023_Q1'), (1, 400, '2023_Q1'), (2, 4500, '2023_Q1'), (2, 35000, '2023_Q1'),
    (1, 5000, '2023_Q2'), (1, 3000, '2023_Q2'), (2, 200, '2023_Q2'), (2, 90500, '2023_Q2'),
    (1, 6000, '2023_Q3'), (1, 5000, '2023_Q3'), (2, 2500, '2023_Q3'), (2, 9500, '2023_Q3'),
    (3, 2700, '2023_Q3'), (1, 8000, '2023_Q4'), (1, 10000, '2023_Q4'), (2, 800, '2023_Q4'),
    (2, 4500, '2023_Q4'), (3, 2700, '2023_Q4'), (3, 16000, '2023_Q4'), (3, 10200, '2023_Q4')`

// wantPivotRows requires query's rows (NULL as "NULL"), each joined by " | ".
func wantPivotRows(t *testing.T, db *sql.DB, query string, want ...string) {
	t.Helper()
	r, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer r.Close()
	cols, _ := r.Columns()
	var got []string
	for r.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "NULL"
			if v.Valid {
				row[i] = v.String
			}
		}
		got = append(got, strings.Join(row, " | "))
	}
	if err := r.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", query, got, want)
	}
}

// TestPivotAvg: AVG is one of PIVOT's aggregates, of an INT column a
// NUMBER(38, 6): the docs' "Dynamic pivot with multiple aggregations using
// UNION" shows its row as 5200.000000 | 4000.000000 | 5500.000000 |
// 9000.000000 ... 9633.333333 (docs: PIVOT,
// https://docs.snowflake.com/en/sql-reference/constructs/pivot). It was
// refused (DuckDB's PIVOT takes one aggregate; the engine's AVG is SUM /
// COUNT). That union itself stays refused: DuckDB's fold of the AVG's
// NUMBER(38, 6) and the SUM's 38-digit integer cut the scale (9633).
func TestPivotAvg(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database pva", quarterlySales)
	wantPivotRows(t, db, `SELECT * FROM quarterly_sales
    PIVOT(AVG(amount) FOR quarter IN (ANY ORDER BY quarter)) ORDER BY empid`,
		"1 | 5200.000000 | 4000.000000 | 5500.000000 | 9000.000000",
		"2 | 19750.000000 | 45350.000000 | 6000.000000 | 2650.000000",
		"3 | NULL | NULL | 2700.000000 | 9633.333333")
	// Over a derived table the operand's type shows only to DuckDB.
	wantPivotRows(t, db, `SELECT * FROM (SELECT empid, amount, quarter FROM quarterly_sales)
    PIVOT(AVG(amount) FOR quarter IN ('2023_Q4', '2023_Q1')) ORDER BY empid`,
		"1 | 9000.000000 | 5200.000000",
		"2 | 2650.000000 | 19750.000000",
		"3 | 9633.333333 | NULL")
	wantRefused(t, db, `SELECT 'Average sale amount' AS aggregate, *
  FROM quarterly_sales PIVOT(AVG(amount) FOR quarter IN (ANY ORDER BY quarter))
UNION
SELECT 'Total amount' AS aggregate, *
  FROM quarterly_sales PIVOT(SUM(amount) FOR quarter IN (ANY ORDER BY quarter))
ORDER BY aggregate, empid`, "set operation")
}

// TestDynamicPivotOverCTE: a dynamic pivot over a CTE pivots on the CTE's
// values (docs: PIVOT, "Exclude columns from a pivot query with a CTE",
// https://docs.snowflake.com/en/sql-reference/constructs/pivot: the SUM's
// 10400 | 8000 | 11000 | 18000 ..., the AVG's 0.500000 | 1.500000 |
// 2.000000 | 2.500000 ... 1.333333). It was refused: the values were read
// ahead by a query that did not see the statement's CTEs.
func TestDynamicPivotOverCTE(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database pvc", `CREATE TABLE quarterly_sales(empid INT, amount INT, quarter TEXT, discount_percent INT)
  AS SELECT * FROM VALUES
    (1, 10000, '2023_Q1', 0), (1, 400, '2023_Q1', 1), (2, 4500, '2023_Q1', 4), (2, 35000, '2023_Q1', 2),
    (1, 5000, '2023_Q2', 2), (1, 3000, '2023_Q2', 1), (2, 200, '2023_Q2', 2), (2, 90500, '2023_Q2', 1),
    (1, 6000, '2023_Q3', 1), (1, 5000, '2023_Q3', 3), (2, 2500, '2023_Q3', 1), (2, 9500, '2023_Q3', 3),
    (3, 2700, '2023_Q3', 1), (1, 8000, '2023_Q4', 1), (1, 10000, '2023_Q4', 4), (2, 800, '2023_Q4', 3),
    (2, 4500, '2023_Q4', 5), (3, 2700, '2023_Q4', 3), (3, 16000, '2023_Q4', 0), (3, 10200, '2023_Q4', 1)`)
	wantPivotRows(t, db, `WITH sales_without_discount AS
    (SELECT * EXCLUDE(discount_percent) FROM quarterly_sales)
SELECT * FROM sales_without_discount
    PIVOT(SUM(amount) FOR quarter IN (ANY ORDER BY quarter)) ORDER BY empid`,
		"1 | 10400 | 8000 | 11000 | 18000",
		"2 | 39500 | 90700 | 12000 | 5300",
		"3 | NULL | NULL | 2700 | 28900")
	wantPivotRows(t, db, `WITH sales_without_amount AS
    (SELECT * EXCLUDE(amount) FROM quarterly_sales)
SELECT * FROM sales_without_amount
    PIVOT(AVG(discount_percent) FOR quarter IN (ANY ORDER BY quarter)) ORDER BY empid`,
		"1 | 0.500000 | 1.500000 | 2.000000 | 2.500000",
		"2 | 3.000000 | 1.500000 | 2.000000 | 4.000000",
		"3 | NULL | NULL | 1.000000 | 1.333333")
	// The values of a subquery over a CTE (the docs' "Dynamic pivot on
	// column values using a subquery", over a CTE of the quarters).
	wantPivotRows(t, db, `WITH q AS (SELECT quarter FROM quarterly_sales WHERE empid = 3),
  s AS (SELECT empid, amount, quarter FROM quarterly_sales)
SELECT * FROM s PIVOT(SUM(amount) FOR quarter IN (SELECT DISTINCT quarter FROM q ORDER BY quarter))
  ORDER BY empid`,
		"1 | 11000 | 18000",
		"2 | 12000 | 5300",
		"3 | 2700 | 28900")
}

// TestPivotOfPivot: Snowflake pivots a pivot's result again (docs: PIVOT,
// "Run a multidimensional pivot query",
// https://docs.snowflake.com/en/sql-reference/constructs/pivot: one row,
// 49900 | 98700 | 25700 | 52200 | 4 | 2 | 3 | 5). Its columns repeat
// names ('2023_Q1' twice), which DuckDB renames ('2023_Q1'_1): answered
// where the statement reads them by position only, refused where it selects
// a star or names one. It was refused in all cases.
func TestPivotOfPivot(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database pvp", `CREATE TABLE quarterly_sales(empid INT, amount INT, quarter TEXT, discount_percent INT)
  AS SELECT * FROM VALUES
    (1, 10000, '2023_Q1', 0), (1, 400, '2023_Q1', 1), (2, 4500, '2023_Q1', 4), (2, 35000, '2023_Q1', 2),
    (1, 5000, '2023_Q2', 2), (1, 3000, '2023_Q2', 1), (2, 200, '2023_Q2', 2), (2, 90500, '2023_Q2', 1),
    (1, 6000, '2023_Q3', 1), (1, 5000, '2023_Q3', 3), (2, 2500, '2023_Q3', 1), (2, 9500, '2023_Q3', 3),
    (3, 2700, '2023_Q3', 1), (1, 8000, '2023_Q4', 1), (1, 10000, '2023_Q4', 4), (2, 800, '2023_Q4', 3),
    (2, 4500, '2023_Q4', 5), (3, 2700, '2023_Q4', 3), (3, 16000, '2023_Q4', 0), (3, 10200, '2023_Q4', 1)`)
	const from = `FROM (SELECT amount, quarter AS quarter_amount, quarter AS quarter_discount, discount_percent
      FROM quarterly_sales)
  PIVOT (SUM(amount) FOR quarter_amount IN ('2023_Q1', '2023_Q2', '2023_Q3', '2023_Q4'))
  PIVOT (MAX(discount_percent) FOR quarter_discount IN ('2023_Q1', '2023_Q2', '2023_Q3', '2023_Q4'))`
	wantPivotRows(t, db, `SELECT SUM($1) AS q1_sales_total, SUM($2) AS q2_sales_total,
       SUM($3) AS q3_sales_total, SUM($4) AS q4_sales_total,
       MAX($5) AS q1_maximum_discount, MAX($6) AS q2_maximum_discount,
       MAX($7) AS q3_maximum_discount, MAX($8) AS q4_maximum_discount `+from,
		"49900 | 98700 | 25700 | 52200 | 4 | 2 | 3 | 5")
	wantRefused(t, db, "SELECT * "+from, "PIVOT of a PIVOT's result")
	wantRefused(t, db, `SELECT "'2023_Q1'_1" `+from, "PIVOT of a PIVOT's result")
}
