//go:build !windows

package shipper

import (
	"log/slog"
	"syscall"
)

// warnLowDisk warns when the spool's file system has less free space than
// total_limit_size: the spool would fill the disk before its own limit.
func warnLowDisk(log *slog.Logger, dir string, limit int64) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	if free < limit {
		log.Warn("the spool's file system has less free space than total_limit_size: a long outage fills the disk before the spool's limit",
			"spool", dir, "free_bytes", free, "total_limit_size", limit)
	}
}

// spoolFreeSpace is the space available to unprivileged writers in dir.
func spoolFreeSpace(dir string) (int64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}
