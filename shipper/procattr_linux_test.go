package shipper

import "syscall"

// childProcAttr: a shipper child dies with the test binary.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
