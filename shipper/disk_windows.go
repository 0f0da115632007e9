//go:build windows

package shipper

import "log/slog"

// warnLowDisk is not implemented on Windows.
func warnLowDisk(*slog.Logger, string, int64) {}
