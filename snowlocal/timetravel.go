package snowlocal

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// timeTravel answers a base table read AT or BEFORE a point
// (rewrite/timetravel.go) when the point precedes the table's creation:
// Snowflake fails with 000707 (docs: at-before, "000707 (02000): Time
// travel data is not available for table TT1. The requested time is either
// beyond the allowed time travel period or before the object creation
// time."). The engine keeps no history, so every other point is refused
// (nil). The point is evaluated in the session, as Snowflake evaluates it
// before the query: a TIMESTAMP_NTZ in the session's time zone (the page:
// "the explicit cast to TIMESTAMP honors that time zone"), an OFFSET in
// seconds from now.
func (s *Session) timeTravel(parts []string, clause, kind, point string) error {
	db, schema, name, ok := s.qualify(parts)
	if !ok || name == "" {
		return nil
	}
	ctx := context.Background()
	var created sql.NullTime
	err := s.e.db.QueryRowContext(ctx, `SELECT CREATED FROM `+s.e.tableTimes()+
		` WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ? AND DEFINITION IS NULL`, db, schema, name).Scan(&created) // a table, not a view
	if err != nil || !created.Valid {
		return nil
	}
	at, ok := s.resolvePoint(kind, point)
	if !ok {
		return nil
	}
	before := at.Before(created.Time)
	if clause == "BEFORE" {
		before = !at.After(created.Time)
	}
	if !before {
		return nil
	}
	return Errorf("000707", "02000", "Time travel data is not available for table %s. The requested time is either beyond the allowed time travel period or before the object creation time.", name)
}

// resolvePoint evaluates a time travel point (TIMESTAMP or OFFSET kind,
// DuckDB SQL) in the session; false when the engine cannot.
func (s *Session) resolvePoint(kind, point string) (time.Time, bool) {
	ctx := context.Background()
	var q string
	switch kind {
	case "OFFSET":
		q = "SELECT current_timestamp + to_microseconds(CAST(round(CAST((" + point + ") AS DOUBLE) * 1000000) AS BIGINT))"
	case "TIMESTAMP":
		var typ string
		if s.conn.QueryRowContext(ctx, "SELECT typeof(("+point+"))").Scan(&typ) != nil {
			return time.Time{}, false
		}
		switch {
		case typ == "TIMESTAMP WITH TIME ZONE", typ == "TIMESTAMP", typ == "DATE":
			q = "SELECT CAST((" + point + ") AS TIMESTAMPTZ)"
		case strings.HasPrefix(typ, "STRUCT(") && strings.Contains(typ, "sf_tz_utc"): // TIMESTAMP_TZ (rewrite/tz.go)
			q = "SELECT struct_extract((" + point + "), 'sf_tz_utc')"
		default:
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	var at sql.NullTime
	if s.conn.QueryRowContext(ctx, q).Scan(&at) != nil || !at.Valid {
		return time.Time{}, false
	}
	return at.Time, true
}
