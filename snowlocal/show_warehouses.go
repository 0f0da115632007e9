package snowlocal

import (
	"crypto/sha1"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// warehouseShowColumns are SHOW WAREHOUSES' columns in the order of the
// independent, live-measured reference mlorek/frostlake ("The warehouse
// listing live emits, column for column":
// engine/src/main/java/dev/frostlake/executor/ShowInfraExecutor.java,
// showWarehouses). The cluster and query counts, auto_suspend and
// query_acceleration_max_scale_factor are NUMBER (showNumberColumns),
// resumed_on and updated_on TIMESTAMP_LTZ(3) (showTimeColumns).
var warehouseShowColumns = []string{"name", "state", "type", "size", "min_cluster_count", "max_cluster_count",
	"started_clusters", "running", "queued", "is_default", "is_current", "auto_suspend", "auto_resume", "available",
	"provisioning", "quiescing", "other", "created_on", "resumed_on", "updated_on", "owner", "comment",
	"enable_query_acceleration", "query_acceleration_max_scale_factor", "resource_monitor", "actives", "pendings",
	"failed", "suspended", "uuid", "scaling_policy", "owner_role_type", "resource_constraint", "generation",
	"query_throughput_multiplier", "max_query_performance_level", "disabled_reasons", "tables"}

// warehouseSizes spells each WAREHOUSE_SIZE the way SHOW WAREHOUSES
// displays it (frostlake ShowInfraExecutor.showWarehouses: "Live spells the
// size the way CREATE WAREHOUSE displays it: X-Small, Small, X-Large"; the
// sizes and their synonyms: docs create-warehouse, WAREHOUSE_SIZE).
var warehouseSizes = map[string]string{
	"XSMALL": "X-Small", "X-SMALL": "X-Small", "SMALL": "Small", "MEDIUM": "Medium", "LARGE": "Large",
	"XLARGE": "X-Large", "X-LARGE": "X-Large", "XXLARGE": "2X-Large", "X2LARGE": "2X-Large", "2X-LARGE": "2X-Large",
	"XXXLARGE": "3X-Large", "X3LARGE": "3X-Large", "3X-LARGE": "3X-Large", "X4LARGE": "4X-Large", "4X-LARGE": "4X-Large",
	"X5LARGE": "5X-Large", "5X-LARGE": "5X-Large", "X6LARGE": "6X-Large", "6X-LARGE": "6X-Large",
}

// warehouseRow adds o's SHOW WAREHOUSES row, for a warehouse whose state
// the engine knows (warehouseStateUnknown): a running standard one that runs nothing
// (STARTED, its MIN_CLUSTER_COUNT clusters started and active, nothing
// running or queued, none pending, failed or suspended),
// as frostlake lists a warehouse right after CREATE: the four cluster-health
// cells empty, resumed_on and updated_on the creation time, resource_monitor
// the text null, resource_constraint STANDARD_GEN_2 and generation 2 (a new
// warehouse's compute generation there), the last four columns NULL. Its
// uuid, random on an account, is derived from the name here.
func warehouseRow(t *table, o Object, current bool) {
	size := orDefault(o.Props["WAREHOUSE_SIZE"], "X-Small")
	if s, ok := warehouseSizes[strings.ToUpper(size)]; ok {
		size = s
	}
	p := func(key, dflt string) string { return strings.ToUpper(orDefault(o.Props[key], dflt)) }
	minClusters := p("MIN_CLUSTER_COUNT", "1")
	t.add(o.Name, "STARTED", p("WAREHOUSE_TYPE", "STANDARD"), size, minClusters, p("MAX_CLUSTER_COUNT", "1"), minClusters, 0, 0,
		"N", boolYN(current, "Y", "N"), autoSuspend(o.Props["AUTO_SUSPEND"]), strings.ToLower(p("AUTO_RESUME", "true")),
		"", "", "", "", o.CreatedOn, o.CreatedOn, o.CreatedOn, o.Owner, o.Props["COMMENT"],
		strings.ToLower(p("ENABLE_QUERY_ACCELERATION", "false")), p("QUERY_ACCELERATION_MAX_SCALE_FACTOR", "8"),
		orDefault(o.Props["RESOURCE_MONITOR"], "null"), minClusters, 0, 0, 0, nameUUID(o.Name), p("SCALING_POLICY", "STANDARD"),
		"ROLE", "STANDARD_GEN_2", "2", nil, nil, nil, nil)
}

// warehouseStateUnknown says why the engine cannot know o's state at now,
// or is "". The engine runs no compute and does not track a warehouse's
// use, so it knows only that a warehouse created without INITIALLY_SUSPENDED
// = TRUE (whose default, FALSE, starts it when created: docs
// create-warehouse) is started until AUTO_SUSPEND seconds of inactivity
// could have passed: after that Snowflake has suspended it unless queries
// kept it busy. AUTO_SUSPEND 0 or NULL never suspends it (docs
// create-warehouse: "Setting a 0 or NULL value means the warehouse never
// suspends"; "Default: 600").
// One created suspended stays so until a query resumes it, which the
// engine does not track either.
func warehouseStateUnknown(o Object, now time.Time) string {
	if strings.EqualFold(o.Props["INITIALLY_SUSPENDED"], "TRUE") {
		return "created with INITIALLY_SUSPENDED = TRUE (the engine does not track what resumes it)"
	}
	secs := 600 // docs create-warehouse, AUTO_SUSPEND: "Default: 600"
	if v := o.Props["AUTO_SUSPEND"]; v != "" {
		if strings.EqualFold(v, "NULL") {
			return ""
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return "whose AUTO_SUSPEND " + v + " the engine does not read"
		}
		if n == 0 {
			return ""
		}
		secs = n
	}
	if now.Sub(o.CreatedOn) >= time.Duration(secs)*time.Second {
		return "created longer ago than its AUTO_SUSPEND of " + strconv.Itoa(secs) + " seconds (whether it suspended since depends on its use, which the engine does not track)"
	}
	return ""
}

// nameUUID is a version-5 style UUID text derived from name.
func nameUUID(name string) string {
	h := sha1.Sum([]byte("WAREHOUSE:" + name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// autoSuspend is the auto_suspend cell of a warehouse's AUTO_SUSPEND: its
// seconds, 600 unset (docs create-warehouse: "Default: 600"), NULL for
// AUTO_SUSPEND = NULL, which never suspends it.
func autoSuspend(v string) any {
	switch {
	case v == "":
		return 600
	case strings.EqualFold(v, "NULL"):
		return nil
	}
	return v
}
