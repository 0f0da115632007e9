//go:build windows

package shipper

// openFileLimit: Windows has no per-process descriptor limit of this kind.
func openFileLimit() (uint64, bool) { return 0, false }
