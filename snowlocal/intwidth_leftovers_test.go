package snowlocal_test

import "testing"

// The shapes where the result metadata still reported DuckDB's type for an
// integer-valued function, or a remainder's operands' fold: each now
// reports Snowflake's type or is refused (002040).
//
// Sources: the docs say only that the integer-valued functions return a
// NUMBER (https://docs.snowflake.com/en/sql-reference/functions/date_part,
// .../length); the precisions are the independent, live-verified reference
// mlorek/frostlake's (engine/src/main/java/dev/frostlake/types/
// IntegerResultWidths.java: LENGTH NUMBER(18,0)), which also says "A CTAS,
// a view, a CTE and a derived table over such items inherit the declared
// type" (.../query/DerivedItemTypeTest.java), and that a conditional's text
// literal beside a number "contributes exactly what the same number written
// WITHOUT quotes would" (.../types/DeclaredTypeFold.java). MOD "Returns
// either an integer or a fixed-point decimal number" and prints
// MOD(4.5, 1.2) as 0.9 (https://docs.snowflake.com/en/sql-reference/
// functions/mod); no source gives the type of a remainder with a scale (the
// reference measured MOD(2.5, 2) as NUMBER(3,1), MOD(n, 7) of a
// NUMBER(10,2) as NUMBER(10,2): .../functions/TextArithmeticTypingTest.java,
// but states no rule), so it is refused as a result column.

var leftoverSetup = []string{
	"create database leftover",
	"create table t (s varchar(10), ts timestamp_ntz, i int, m number(10,2))",
	"insert into t values ('hello', '2020-03-04 10:11:12', 3, 1.5)",
}

// TestLateralAliasInDerivedItem: a derived table's or CTE's item naming a
// lateral alias of its own block is the item it names (DuckDB's BIGINT
// reported NUMBER(38,0)); one of unknown precision is refused, and so is
// one whose name a FROM column also has (which of the two Snowflake reads
// is not documented).
func TestLateralAliasInDerivedItem(t *testing.T) {
	db := open(t)
	mustExec(t, db, leftoverSetup...)
	for _, c := range []struct {
		q    string
		prec int64
		want string
	}{
		{"select x from (select length(s) as e, e as x from t)", 18, "5"},
		{"select x from (select length(s) as e, e + 1 as x from t)", 19, "6"}, // docs: a sum has max(L1, L2) + 1 digits
		{"with c as (select length(s) e, iff(e > 1, e, 0) x from t) select x from c", 18, "5"},
		{"select * from (select length(s) as e, e + 1 as x from t)", 19, "6"},
		{"select x from (select length(s) e, e x from t)", 18, "5"},
	} {
		prec, scale, ok, got := lastDecimalResult(t, db, c.q)
		if !ok || prec != c.prec || scale != 0 || got != c.want {
			t.Errorf("%s = %s NUMBER(%d,%d) (decimal %t), want %s NUMBER(%d,0)", c.q, got, prec, scale, ok, c.want, c.prec)
		}
	}
	for _, q := range []string{
		"select x from (select date_part(epoch_second, ts) as e, e as x from t)",
		"with c as (select date_part(epoch_second, ts) e, e + 1 x from t) select x from c",
		"select x from (select length(s) as i, i as x from t)", // t has a column I
	} {
		wantRefused(t, db, q, "as a result column")
	}
}

// TestStarModifiersAndJoinsKeepIntWidth: a star with EXCLUDE or REPLACE
// keeps the types of the derived columns it keeps, and a REPLACE's own
// integer is typed; a name beside a table function or a table renamed by
// an alias column list resolves to the one relation whose known columns
// have it; a column merged by USING keeps a precision both sides share.
// Where the precision would be lost (ILIKE, RENAME, a star over a join
// where the name is two columns' or a relation's columns are unknown, a
// merge of two precisions) the statement is refused.
func TestStarModifiersAndJoinsKeepIntWidth(t *testing.T) {
	db := open(t)
	mustExec(t, db, leftoverSetup...)
	for _, c := range []struct {
		q    string
		prec int64
		want string
	}{
		{"select * exclude x from (select 1 as x, length(s) as e from t)", 18, "5"},
		{"select * exclude (x) from (select 1 as x, 'a' as y, length(s) as e from t)", 18, "5"},
		{"select * replace ('a' as x) from (select 1 as x, length(s) as e from t)", 18, "5"},
		{"select * replace (length(s) + 1 as e) from (select s, length(s) as e from t)", 19, "6"},
		{"select * replace (length(s) as m) from t", 18, "5"},
		{"select e from (select length(s) as e from t) a, table(split_to_table('a,b', ',')) f", 18, "5"},
		{"select e from (select length(s) as e from t) a join t b(x1, x2, x3, x4) on true", 18, "5"},
		{"select e from (select length(s) e from t) a join (select length(s) e from t) b using (e)", 18, "5"},
	} {
		prec, scale, ok, got := lastDecimalResult(t, db, c.q)
		if !ok || prec != c.prec || scale != 0 || got != c.want {
			t.Errorf("%s = %s NUMBER(%d,%d) (decimal %t), want %s NUMBER(%d,0)", c.q, got, prec, scale, ok, c.want, c.prec)
		}
	}
	for _, q := range []string{
		"select * rename e as z from (select length(s) as e from t)",
		"select * ilike '%e%' from (select length(s) as e from t)",
		"select * from (select length(s) e from t) a join (select 2 e) b on true",
		"select * from (select length(s) e from t) a, table(split_to_table('a,b', ',')) f",
		"select * from (select length(s) e from t) a join (select 2 e) b using (e)",
	} {
		wantRefused(t, db, q, "integer column of known precision")
	}
	for _, q := range []string{
		"select e from (select length(s) e from t) a join (select 2 e) b using (e)",
		"select e from (select length(s) e from t) a natural join (select 'x' e) b",
	} {
		wantRefused(t, db, q, "as a result column")
	}
}

// TestConditionalOfIntegerAndText: beside a typed integer, a text literal
// spelling an integer folds as that integer ('7' a NUMBER(1,0), so the
// fold is LENGTH's NUMBER(18,0)); another text's contribution is not known
// for a literal, so such a conditional is refused as a result column.
func TestConditionalOfIntegerAndText(t *testing.T) {
	db := open(t)
	mustExec(t, db, leftoverSetup...)
	for _, c := range []struct {
		q    string
		prec int64
		want string
	}{
		{"select iff(false, length(s), '7') from t", 18, "7"},
		{"select coalesce(length(s), '7') from t", 18, "5"},
		{"select case when true then length(s) else '12' end from t", 18, "5"},
		{"select iff(false, 1, '7') from t", 1, "7"},
	} {
		prec, scale, ok, got := lastDecimalResult(t, db, c.q)
		if !ok || prec != c.prec || scale != 0 || got != c.want {
			t.Errorf("%s = %s NUMBER(%d,%d) (decimal %t), want %s NUMBER(%d,0)", c.q, got, prec, scale, ok, c.want, c.prec)
		}
	}
	for _, q := range []string{
		"select iff(true, length(s), 'a') from t",
		"select case when true then length(s) else 'x' end from t",
		"select x from (select nvl(length(s), 'n/a') x from t)",
		"select case when true then date_part(epoch_second, ts) else 0 end from t",
	} {
		wantRefused(t, db, q, "as a result column")
	}
}

// TestRemainderWithScaleTyped: MOD and % of NUMBERs with a scale reported
// their operands' DuckDB fold (MOD(4.5, 1.2) a NUMBER(2,1), MOD(m, 2) of a
// NUMBER(10,2) a NUMBER(12,2)); now the measured rule's (types_rem.go:
// the widest integer digits and scale, of two constants at least two
// integer digits; remainder_type_test.go has the reference's cases),
// while the statement compiles where the rewriter sees the types, as
// DuckDB binds it where an operand's type shows only there. The docs
// print MOD(4.5, 1.2) as 0.9 (https://docs.snowflake.com/en/
// sql-reference/functions/mod).
func TestRemainderWithScaleTyped(t *testing.T) {
	db := open(t)
	mustExec(t, db, leftoverSetup...)
	for _, c := range []struct {
		q           string
		prec, scale int64
		want        string
	}{
		{"select mod(4.5, 1.2)", 3, 1, "0.9"},
		{"select 4.5 % 1.2", 3, 1, "0.9"},
		{"select mod(m, 2) from t", 10, 2, "1.50"},
		{"select m % 2 + 1 from t", 11, 2, "2.50"}, // a sum: max(L1, L2) + 1 digits (docs)
		{"select (m % 2) from t", 10, 2, "1.50"},
		{"select x from (select mod(m, 2) x from t)", 10, 2, "1.50"},
		{"select mod(x, 2) from (select m x from t)", 10, 2, "1.50"},
		{"select y from (select x % 2 y from (select m x from t))", 10, 2, "1.50"},
	} {
		prec, scale, ok, got := lastDecimalResult(t, db, c.q)
		if !ok || prec != c.prec || scale != c.scale || got != c.want {
			t.Errorf("%s = %s NUMBER(%d,%d) (decimal %t), want %s NUMBER(%d,%d)", c.q, got, prec, scale, ok, c.want, c.prec, c.scale)
		}
	}
	mustExec(t, db, "create or replace table t2 as select mod(m, 2) r from t")
	if got := queryOne(t, db, "select data_type || '(' || numeric_precision || ',' || numeric_scale || ')' from information_schema.columns where table_name = 'T2'"); got != "NUMBER(10,2)" {
		t.Errorf("CTAS MOD(m, 2) column is %s, want NUMBER(10,2)", got)
	}
	// Through a star, where DuckDB's type is not checked, a remainder of
	// operands whose types show only as DuckDB binds it stays refused.
	wantRefused(t, db, "select * from (select mod(x, 2) y from (select m x from t))", "read through a star")
	// Of fewer than two integer digits over columns no measurement gives
	// the type: refused as DuckDB binds it, too.
	wantRefused(t, db, "select mod(x, 2) from (select 0.5::number(2,1) x)", "fewer than two integer digits")
}
