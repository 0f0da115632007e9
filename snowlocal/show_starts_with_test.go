package snowlocal_test

import "testing"

// TestShowStartsWithWhereSourcesDisagree: STARTS WITH is refused on SHOW
// WAREHOUSES, STAGES, PIPES and FILE FORMATS (002040). The docs say it
// filters every SHOW that takes it; mlorek/frostlake, live-measured, found
// an account ignoring it on these four
// (engine/src/main/java/dev/frostlake/executor/ShowInfraExecutor.java and
// ShowPipelineExecutor.java). SHOW TABLES keeps filtering (docs and
// reference agree: TestShowClausesNotIgnored), as does each SHOW without it.
func TestShowStartsWithWhereSourcesDisagree(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d", "create warehouse w1", "create stage st",
		"create table t(a int)", "create pipe p as copy into t from @st", "create file format ff type = csv")
	for _, q := range []string{"show warehouses starts with 'W'", "show stages starts with 'S'",
		"show pipes starts with 'P'", "show file formats starts with 'F'"} {
		wantRefused(t, db, q, "STARTS WITH")
	}
	for _, q := range []string{"show warehouses like 'W%'", "show stages", "show pipes", "show file formats", "show tables starts with 'T'"} {
		mustExec(t, db, q)
	}
}
