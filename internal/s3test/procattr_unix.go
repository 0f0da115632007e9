//go:build unix && !linux

package s3test

import "syscall"

// serverProcAttr: the server's own process group (no parent-death signal
// outside Linux).
func serverProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
