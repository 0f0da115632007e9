//go:build windows

package shipper

import "log/slog"

// warnLowDisk is not implemented on Windows.
func warnLowDisk(*slog.Logger, string, int64) {}

// spoolFreeSpace is not implemented on Windows.
func spoolFreeSpace(string) (int64, bool) { return 0, false }
