//go:build !windows

package spool

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive, non-blocking lock on f so that two shippers
// never share one spool; the kernel drops it when the process dies.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
