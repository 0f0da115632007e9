package snowlocal

import (
	"context"
	"fmt"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
)

// A session whose TIMEZONE has transitions (daylight saving time) refuses
// a wall clock that falls in a gap or an overlap of it wherever one is
// converted to an instant (rewrite/wallclock.go): its connection's macros
// that read a wall clock in the session zone are replaced by checked ones,
// and the rewriter checks its own casts (Options.WallClockZone). A zone
// without transitions (UTC, a fixed offset) keeps the plain macros.

// applyWallClockChecks switches the connection's macros to the kind zone
// tz needs, when it differs from the current one.
func (s *Session) applyWallClockChecks(ctx context.Context, tz string) error {
	zone := ""
	if rewrite.ZoneHasTransitions(tz) {
		zone = tz
	}
	if (zone == "") == (s.wallClockZone == "") {
		s.wallClockZone = zone
		return nil
	}
	for _, m := range rewrite.WallClockMacros(zone != "") {
		if _, err := s.conn.ExecContext(ctx, m); err != nil {
			return fmt.Errorf("set session time zone %s: %w", tz, err)
		}
	}
	s.wallClockZone = zone
	return nil
}
